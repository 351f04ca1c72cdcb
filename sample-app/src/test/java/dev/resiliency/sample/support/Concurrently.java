package dev.resiliency.sample.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs the same call from many threads released at once, and collects every outcome. */
public final class Concurrently {

    private Concurrently() {
    }

    /** Outcome of one caller: a value or a failure. */
    public record Outcome<T>(T value, Throwable failure) {

        public boolean succeeded() {
            return this.failure == null;
        }
    }

    /** {@code callers} threads call {@code call} together; waits for all (at most a minute). */
    public static <T> List<Outcome<T>> run(int callers, Callable<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch ready = new CountDownLatch(callers);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Outcome<T>>> futures = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    try {
                        return new Outcome<>(call.call(), null);
                    }
                    catch (Throwable failure) {
                        return new Outcome<T>(null, failure);
                    }
                }));
            }
            ready.await();
            go.countDown();
            List<Outcome<T>> outcomes = new ArrayList<>();
            for (Future<Outcome<T>> future : futures) {
                outcomes.add(future.get(1, TimeUnit.MINUTES));
            }
            return outcomes;
        }
        finally {
            pool.shutdownNow();
        }
    }
}
