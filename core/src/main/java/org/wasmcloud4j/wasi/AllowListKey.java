package org.wasmcloud4j.wasi;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * The one spelling of a socket address in the {@link WasiConfig} allow-lists: {@code 127.0.0.1:80} for IPv4 and
 * {@code [::1]:80} for IPv6, the address in the RFC 5952 canonical text form (lowercase, longest zero run as
 * {@code ::}). Entries the embedder writes are normalised to it, so {@code [0:0:0:0:0:0:0:1]:80} and
 * {@code [::1]:80} allow the same address.
 */
final class AllowListKey {
    private AllowListKey() {
    }

    /** The key of a Java socket address. */
    static String of(InetSocketAddress a) {
        InetAddress ip = a.getAddress();
        if (ip instanceof Inet6Address) {
            return "[" + canonical(ip.getAddress()) + "]:" + a.getPort();
        }
        return (ip != null ? ip.getHostAddress() : a.getHostString()) + ":" + a.getPort();
    }

    /**
     * An allow-list entry as the embedder wrote it, normalised: {@code *} and IPv4 entries unchanged, bracketed
     * IPv6 literals in canonical form.
     *
     * @throws IllegalArgumentException for a bracketed entry that is not an IPv6 literal with a port
     */
    static String normalise(String entry) {
        if (!entry.startsWith("[")) {
            return entry;
        }
        int close = entry.indexOf("]:");
        if (close < 0) {
            throw new IllegalArgumentException("allow-list entry '" + entry + "' must be [ipv6]:port");
        }
        String literal = entry.substring(1, close);
        if (!literal.contains(":")) {
            throw new IllegalArgumentException("allow-list entry '" + entry + "' has no IPv6 address in brackets");
        }
        try {
            InetAddress ip = InetAddress.getByName(literal);   // a literal: no name service involved
            int port = Integer.parseInt(entry.substring(close + 2));
            if (!(ip instanceof Inet6Address) || port < 0 || port > 65535) {
                throw new IllegalArgumentException("allow-list entry '" + entry + "' is not [ipv6]:port");
            }
            return "[" + canonical(ip.getAddress()) + "]:" + port;
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("allow-list entry '" + entry + "' is not [ipv6]:port", e);
        }
    }

    /** RFC 5952 text of a 16-byte address. */
    static String canonical(byte[] b) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;   // a single zero group is not compressed
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLength - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(groups[i]));
        }
        return s.toString();
    }
}
