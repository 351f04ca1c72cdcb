package dev.resiliency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

/** The shared types of {@code dev.resiliency} that the mutation run showed untested. */
class CoreSharedTypesMutationKillersTest {

    @Test
    void theSystemSleeperWaitsAtLeastTheWholeDurationSubMillisecondPartIncluded() throws InterruptedException {
        Sleeper sleeper = Sleeper.system();
        assertThat(sleeper).isSameAs(Sleeper.system());
        long start = System.nanoTime();
        sleeper.sleep(Duration.ofNanos(2_500_000)); // the Sleeper itself under test: 2.5 ms
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(2_500_000L);
    }

    @Test
    void theSystemSleeperReturnsAtOnceForZeroOrNegativeAndHonoursInterrupts() {
        Sleeper sleeper = Sleeper.system();
        Thread.currentThread().interrupt();
        try {
            // Nothing to wait for: not even a pending interrupt makes it throw.
            assertThatCode(() -> sleeper.sleep(Duration.ZERO));
            assertThatCode(() -> sleeper.sleep(Duration.ofMillis(-5)));
            assertThatThrownBy(() -> sleeper.sleep(Duration.ofSeconds(30))).isInstanceOf(InterruptedException.class);
        } finally {
            Thread.interrupted();
        }
    }

    private static void assertThatCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        org.assertj.core.api.Assertions.assertThatCode(call).doesNotThrowAnyException();
    }

    @Test
    void daemonThreadFactoryNamesItsThreadsInOrderAndMakesThemDaemons() {
        ThreadFactory factory = DefaultExecutors.daemonThreadFactory("pool-");
        Thread first = factory.newThread(() -> { });
        Thread second = factory.newThread(() -> { });
        assertThat(first.getName()).isEqualTo("pool-0");
        assertThat(second.getName()).isEqualTo("pool-1");
        assertThat(first.isDaemon()).isTrue();
        assertThat(second.isDaemon()).isTrue();
    }

    @Test
    void virtualThreadsAreUsedExactlyWhenTheJvmHasThem() {
        boolean jvmHasThem = Runtime.version().feature() >= 21;
        assertThat(DefaultExecutors.usesVirtualThreads()).isEqualTo(jvmHasThem);
        ExecutorService virtual = DefaultExecutors.newVirtualThreadExecutor("v-");
        try {
            assertThat(virtual != null).isEqualTo(jvmHasThem);
        } finally {
            if (virtual != null) {
                virtual.shutdown();
            }
        }
    }

    @Test
    void retryAbortedExceptionNamesItsCauseWhenItHasOne() {
        IllegalStateException cause = new IllegalStateException("stop");
        assertThat(new RetryAbortedException(cause)).hasMessage("Retry aborted: " + cause).hasCause(cause);
        assertThat(new RetryAbortedException(null)).hasMessage("Retry aborted").hasNoCause();
    }
}
