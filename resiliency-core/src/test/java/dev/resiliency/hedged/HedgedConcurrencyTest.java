package dev.resiliency.hedged;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resiliency.DefaultExecutors;
import dev.resiliency.internal.Futures;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.RepeatedTest;

/** Many callers at once: every call gets exactly one outcome and the counters add up. */
class HedgedConcurrencyTest {

    private static final int THREADS = 8;

    @RepeatedTest(3)
    void concurrentBlockingCallsAllCompleteAndAddUp() throws Exception {
        int calls = 1_000;
        Hedged hedged = Hedged.builder("sync").delay(Duration.ZERO).maxRequests(2).build();
        AtomicLong successes = new AtomicLong();
        AtomicLong failures = new AtomicLong();

        runConcurrently(() -> {
            for (int i = 0; i < calls; i++) {
                try {
                    hedged.call(() -> {
                        if (ThreadLocalRandom.current().nextInt(4) == 0) {
                            throw new IOException("flaky");
                        }
                        return "ok";
                    });
                    successes.incrementAndGet();
                } catch (Exception e) {
                    assertThat(e).isInstanceOf(IOException.class);
                    failures.incrementAndGet();
                }
            }
        });

        HedgedStats stats = hedged.stats();
        assertThat(successes.get() + failures.get()).isEqualTo(THREADS * calls);
        assertThat(stats.totalRequests()).isEqualTo(THREADS * calls);
        assertThat(stats.hedgedRequests()).isEqualTo(THREADS * calls); // delay 0: both copies always fire
        assertThat(stats.hedgeWon()).isLessThanOrEqualTo(successes.get());
    }

    @RepeatedTest(3)
    void concurrentAsyncCallsAllCompleteAndAddUp() throws Exception {
        int calls = 2_000;
        ExecutorService downstream = Executors.newFixedThreadPool(4, DefaultExecutors.daemonThreadFactory("downstream-"));
        try {
            Hedged hedged = Hedged.builder("async").delay(Duration.ofMillis(1))
                    .maxRequests(3).nonFatal(IOException.class::isInstance).build();
            List<CompletableFuture<String>> results = new ArrayList<>();
            Object lock = new Object();

            runConcurrently(() -> {
                for (int i = 0; i < calls; i++) {
                    CompletableFuture<String> result = hedged.callAsync(() -> CompletableFuture.supplyAsync(() -> {
                        if (ThreadLocalRandom.current().nextInt(3) == 0) {
                            throw Futures.sneakyThrow(new IOException("flaky"));
                        }
                        return "ok";
                    }, downstream));
                    synchronized (lock) {
                        results.add(result);
                    }
                }
            });

            CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).exceptionally(e -> null)
                    .get(20, TimeUnit.SECONDS);
            long ok = results.stream().filter(r -> !r.isCompletedExceptionally()).count();
            assertThat(results).hasSize(THREADS * calls).allMatch(CompletableFuture::isDone);
            assertThat(results).filteredOn(CompletableFuture::isCompletedExceptionally)
                    .allSatisfy(r -> assertThat(Futures.unwrap(r.handle((v, e) -> e).join())).isInstanceOf(IOException.class));
            HedgedStats stats = hedged.stats();
            assertThat(stats.totalRequests()).isEqualTo(THREADS * calls);
            assertThat(stats.hedgeWon()).isLessThanOrEqualTo(ok);
        } finally {
            downstream.shutdownNow();
        }
    }

    private static void runConcurrently(Runnable body) throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                    body.run();
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(errors).isEmpty();
    }
}
