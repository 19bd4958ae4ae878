package org.wasmcloud4j.wasi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class AllowListKeyProperties {
    /** Addresses with many zero groups, so that runs of every length and position occur. */
    @Provide
    Arbitrary<byte[]> ipv6() {
        return Arbitraries.integers().between(0, 3).list().ofSize(8).map(groups -> {
            byte[] b = new byte[16];
            for (int i = 0; i < 8; i++) {
                int g = groups.get(i) == 0 ? 0 : groups.get(i) * 0x1234;
                b[2 * i] = (byte) (g >> 8);
                b[2 * i + 1] = (byte) g;
            }
            return b;
        });
    }

    @Property(tries = 500)
    void canonicalTextParsesBackToTheSameAddressAndFollowsRfc5952(@ForAll("ipv6") byte[] address) throws Exception {
        String text = AllowListKey.canonical(address);
        assertThat(InetAddress.getByName(text).getAddress()).isEqualTo(address);
        assertThat(text).isEqualTo(text.toLowerCase(java.util.Locale.ROOT)).doesNotContain(":::");
        assertThat(text.split("::", -1).length).isLessThanOrEqualTo(2);
        // "::" stands for the first longest run of zero groups (at least two): no run before it is as long, none
        // after it longer
        if (text.contains("::")) {
            String[] halves = text.split("::", -1);
            java.util.List<String> printed = new java.util.ArrayList<>();
            for (String h : halves) {
                if (!h.isEmpty()) {
                    printed.addAll(java.util.List.of(h.split(":")));
                }
            }
            int compressed = 8 - printed.size();
            assertThat(compressed).isGreaterThanOrEqualTo(2);
            assertThat(longestZeroRun(halves[0].isEmpty() ? new String[0] : halves[0].split(":")))
                    .isLessThan(compressed);
            assertThat(longestZeroRun(halves[1].isEmpty() ? new String[0] : halves[1].split(":")))
                    .isLessThanOrEqualTo(compressed);
        } else {
            assertThat(longestZeroRun(text.split(":"))).isLessThanOrEqualTo(1);
        }
        // the printed form normalises to itself
        assertThat(AllowListKey.normalise("[" + text + "]:80")).isEqualTo("[" + text + "]:80");
    }

    private static int longestZeroRun(String[] groups) {
        int best = 0;
        int run = 0;
        for (String g : groups) {
            run = g.equals("0") ? run + 1 : 0;
            best = Math.max(best, run);
        }
        return best;
    }

    @Test
    void examplesFromRfc5952() {
        assertThat(AllowListKey.normalise("[0:0:0:0:0:0:0:1]:8080")).isEqualTo("[::1]:8080");
        assertThat(AllowListKey.normalise("[2001:DB8:0:0:0:0:2:1]:1")).isEqualTo("[2001:db8::2:1]:1");
        assertThat(AllowListKey.normalise("[2001:db8:0:1:1:1:1:1]:1")).isEqualTo("[2001:db8:0:1:1:1:1:1]:1");
        assertThat(AllowListKey.normalise("[2001:0:0:1:0:0:0:1]:1")).isEqualTo("[2001:0:0:1::1]:1");
        assertThat(AllowListKey.normalise("[2001:db8:0:0:1:0:0:1]:1")).isEqualTo("[2001:db8::1:0:0:1]:1");
        assertThat(AllowListKey.normalise("127.0.0.1:80")).isEqualTo("127.0.0.1:80");
        assertThat(AllowListKey.normalise("*")).isEqualTo("*");
        assertThat(AllowListKey.of(new InetSocketAddress("::1", 443))).isEqualTo("[::1]:443");
        assertThat(AllowListKey.of(new InetSocketAddress("127.0.0.1", 443))).isEqualTo("127.0.0.1:443");
    }

    @Test
    void malformedBracketedEntriesAreRefusedWithTheEntry() {
        for (String bad : new String[] {"[::1]", "[::1]:x", "[127.0.0.1]:80", "[::1]:70000", "[zz::1]:1"}) {
            assertThatThrownBy(() -> AllowListKey.normalise(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad);
        }
    }
}
