package dev.resiliency.sample.web;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The last row of the guide's timeout budget table: the caller-facing deadline (12 s by default,
 * {@code sample.web.deadline}), the longest a user of the REST API waits, above every inner timeout (HTTP 3 s &lt;
 * hedged 4 s &lt; retry budget 8 s &lt; semaphore 10 s). Each API call runs on a worker thread while the servlet
 * request waits asynchronously; past the deadline the caller gets a 504 and the work is interrupted, which every
 * layer of the stack handles by giving back what it holds (permits, queue slots, single-flight membership).
 *
 * <p>The workers are bounded ({@code sample.web.max-concurrent-calls}, 200): past that many calls in progress, a
 * new one is refused at once ({@link RejectedExecutionException}, a 503) instead of starting yet another thread.
 */
@Component
public class CallerDeadline implements DisposableBean {

    private final Duration deadline;
    private final ExecutorService workers;

    public CallerDeadline(@Value("${sample.web.deadline:12s}") Duration deadline,
            @Value("${sample.web.max-concurrent-calls:200}") int maxConcurrentCalls) {
        this.deadline = deadline;
        AtomicInteger count = new AtomicInteger();
        // A hand-off queue: a call runs on an idle worker or a new one, up to the maximum, else it is refused.
        this.workers = new ThreadPoolExecutor(0, maxConcurrentCalls, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "api-call-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * Runs {@code work} with the deadline; the future fails with a {@link TimeoutException} past it, or with a
     * {@link RejectedExecutionException} at once when every worker is busy.
     */
    public <T> CompletableFuture<T> run(Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Future<?> task;
        try {
            task = this.workers.submit(() -> {
                try {
                    result.complete(work.call());
                }
                catch (Throwable failure) {
                    result.completeExceptionally(failure);
                }
            });
        }
        catch (RejectedExecutionException full) {
            return CompletableFuture.failedFuture(full);
        }
        result.orTimeout(this.deadline.toNanos(), TimeUnit.NANOSECONDS).whenComplete((value, failure) -> {
            if (failure instanceof TimeoutException) {
                task.cancel(true);
            }
        });
        return result;
    }

    /** The deadline in force. */
    public Duration deadline() {
        return this.deadline;
    }

    @Override
    public void destroy() {
        this.workers.shutdownNow();
    }
}
