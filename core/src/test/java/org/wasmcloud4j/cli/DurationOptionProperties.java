package org.wasmcloud4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;
import org.wasmcloud4j.component.runtime.ExecutionWatchdog;

/** {@code --max-execution-time} values: what is printed parses back, and nothing else gets through unnamed. */
class DurationOptionProperties {
    @Property
    void wholeMillisecondsPrintAndParseBack(@ForAll @LongRange(min = 1, max = 365L * 24 * 3600 * 1000) long ms) {
        Duration d = Duration.ofMillis(ms);
        assertThat(Main.parseDuration(ExecutionWatchdog.describe(d))).isEqualTo(d);
    }

    @Property
    void anyTextParsesOrFailsWithAMessageNamingIt(@ForAll @StringLength(max = 24) String text) {
        try {
            Duration d = Main.parseDuration(text);
            assertThat(d.isNegative()).isFalse();
            assertThat(d).isLessThanOrEqualTo(Duration.ofDays(365));
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).contains(text);
        }
    }

    @Property
    void numbersWithoutAUnitOtherThanZeroAreRefused(@ForAll @LongRange(min = 1) long n) {
        assertThatThrownBy(() -> Main.parseDuration(Long.toString(n))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected a duration such as 500ms");
    }
}
