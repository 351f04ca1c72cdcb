package dev.resiliency.hedged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.resiliency.DefaultExecutors;
import dev.resiliency.ResiliencyTimeoutException;
import dev.resiliency.Scheduler;
import dev.resiliency.testing.FakeScheduler;
import dev.resiliency.testing.FakeTicker;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The blocking path's waits: woken by the coalesced watch, on the ticker and the scheduler, not per call. */
class HedgedWaitTest {

    private final Copies copies = new Copies();

    @Test
    void theHedgeDelayAndTheTimeoutOfABlockingCallFollowTheTickerAndTheScheduler() throws Exception {
        FakeTicker ticker = new FakeTicker();
        FakeScheduler scheduler = new FakeScheduler(ticker);
        TrackingExecutor executor = new TrackingExecutor();
        Hedged hedged = Hedged.builder("virtual").delay(Duration.ofMillis(10)).timeout(Duration.ofMillis(50))
                .ticker(ticker).scheduler(scheduler).executor(executor).build();
        Thread caller = Thread.currentThread();
        AtomicReference<Throwable> clockFailure = new AtomicReference<>();
        Thread clock = new Thread(() -> {
            try {
                // The caller waits on virtual time: nothing fires until the clock moves.
                await().until(() -> copies.started.get() == 1 && scheduler.pending() > 0);
                assertThat(executor.created()).isEqualTo(1);
                scheduler.advance(Duration.ofMillis(10));
                await().until(() -> copies.started.get() == 2 && scheduler.pending() > 0);
                scheduler.advance(Duration.ofMillis(40));
            } catch (Throwable failure) {
                clockFailure.set(failure);
                caller.interrupt();
            }
        });
        clock.start();

        Throwable thrown = catchThrowable(() -> hedged.call(copies.numbered(n -> copies.hang())));
        clock.join(5_000);

        assertThat(clockFailure.get()).isNull();
        assertThat(thrown).isInstanceOf(ResiliencyTimeoutException.class);
        assertThat(executor.created()).isEqualTo(2);
        await().until(() -> copies.interrupted.get() == 2);
    }

    @Test
    void fastBlockingCallsShareOneTimerInsteadOfArmingOnePerCall() throws Exception {
        AtomicInteger scheduled = new AtomicInteger();
        Scheduler real = DefaultExecutors.scheduler();
        Hedged hedged = Hedged.builder("fast").delay(Duration.ofSeconds(1)).scheduler((task, delay) -> {
            scheduled.incrementAndGet();
            return real.schedule(task, delay);
        }).build();
        long start = System.nanoTime();

        for (int i = 0; i < 2_000; i++) {
            assertThat(hedged.call(() -> "fast")).isEqualTo("fast");
        }

        // At most one alarm per hedge delay: the first wait arms it, the later ones need it no earlier.
        long elapsedSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertThat(scheduled.get()).isLessThanOrEqualTo(1 + (int) elapsedSeconds);
        assertThat(hedged.stats().totalRequests()).isEqualTo(2_000);
        assertThat(hedged.stats().hedgedRequests()).isZero();
    }
}
