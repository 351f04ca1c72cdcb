package dev.resiliency.hedged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Regression: preallocated exceptions thrown by every call must not collect suppressed failures call after call. */
class HedgedSharedExceptionTest {

    private static final IOException FIRST = new IOException("shared first");
    private static final IOException SECOND = new IOException("shared second");

    @Test
    void sharedExceptionsDoNotGrowTheirSuppressedListPerCall() {
        Hedged hedged = Hedged.builder("shared").delay(Duration.ofSeconds(5)).maxRequests(2).build();
        AtomicInteger copy = new AtomicInteger();

        for (int call = 0; call < 100; call++) {
            assertThatThrownBy(() -> hedged.call(() -> {
                throw copy.getAndIncrement() % 2 == 0 ? FIRST : SECOND;
            })).isInstanceOf(IOException.class);
        }

        assertThat(FIRST.getSuppressed().length + SECOND.getSuppressed().length).isLessThanOrEqualTo(2);
    }
}
