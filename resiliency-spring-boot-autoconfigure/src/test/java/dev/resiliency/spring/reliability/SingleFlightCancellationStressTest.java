package dev.resiliency.spring.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.resiliency.singleflight.SingleFlight;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Callers joining one asynchronous flight while others cancel, under real concurrency, many times: a caller that
 * did not give up always gets the value (its flight is never cancelled under it), a flight is cancelled only when
 * every caller of it gave up, and no key is left in flight.
 */
@Timeout(60)
class SingleFlightCancellationStressTest {

    private static final int THREADS = 8;
    private static final int ROUNDS = 2_000;

    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void stop() {
        this.pool.shutdownNow();
    }

    @Test
    void aCallerThatKeepsWaitingAlwaysGetsTheValueAndAbandonedFlightsAreCancelled() throws Exception {
        SingleFlight flight = SingleFlight.builder("stress").build();
        for (int round = 0; round < ROUNDS; round++) {
            Queue<CompletableFuture<String>> stages = new ConcurrentLinkedQueue<>();
            boolean[] cancels = new boolean[THREADS];
            boolean anyKeeper = false;
            for (int t = 0; t < THREADS; t++) {
                cancels[t] = ThreadLocalRandom.current().nextInt(4) != 0; // most give up
                anyKeeper |= !cancels[t];
            }
            CountDownLatch start = new CountDownLatch(1);
            List<Future<CompletableFuture<String>>> callers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                boolean cancel = cancels[t];
                callers.add(this.pool.submit(() -> {
                    start.await();
                    CompletableFuture<String> result = flight.callAsync("key", () -> {
                        CompletableFuture<String> stage = new CompletableFuture<>();
                        stages.add(stage);
                        return stage;
                    });
                    if (cancel) {
                        result.cancel(true);
                    }
                    return result;
                }));
            }
            start.countDown();
            List<CompletableFuture<String>> results = new ArrayList<>();
            for (Future<CompletableFuture<String>> caller : callers) {
                results.add(caller.get(10, TimeUnit.SECONDS));
            }

            // the downstream answers every flight still wanted
            for (CompletableFuture<String> stage : stages) {
                stage.complete("value");
            }
            for (int t = 0; t < THREADS; t++) {
                if (!cancels[t]) {
                    assertThat(results.get(t).get(10, TimeUnit.SECONDS)).as("round %d caller %d", round, t)
                            .isEqualTo("value");
                }
                else {
                    assertThat(results.get(t)).isCancelled();
                }
            }
            long live = stages.stream().filter(stage -> !stage.isCancelled()).count();
            if (!anyKeeper) {
                assertThat(live).as("round %d: nobody waited, every flight cancelled", round).isZero();
            }
            else {
                assertThat(live).as("round %d: a caller waited", round).isPositive();
            }
            assertThat(flight.inFlight()).isZero();
        }
    }
}
