package dev.resiliency.task;

import dev.resiliency.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

/**
 * The task combinators of {@link Tasks}, bound to an executor of your choice and a {@link Ticker}: obtained
 * from {@link Tasks#using(Executor)} or {@link Tasks#using(Executor, Ticker)}. Every method has exactly the
 * contract of the {@link Tasks} method of the same name; only where the tasks run and how time is read differ.
 *
 * <p>Stateless apart from those two references, immutable and thread-safe: one instance can serve any number
 * of concurrent calls.
 */
public final class TaskRunner {

    private final Executor executor;
    private final Ticker ticker;

    TaskRunner(Executor executor, Ticker ticker) {
        this.executor = executor;
        this.ticker = ticker;
    }

    /** See {@link Tasks#race(List)}. */
    public <T> T race(List<? extends Callable<? extends T>> tasks) throws InterruptedException {
        return Race.run(executor, ticker, tasks, null);
    }

    /** See {@link Tasks#race(List, Duration)}. */
    public <T> T race(List<? extends Callable<? extends T>> tasks, Duration timeout) throws InterruptedException {
        return Race.run(executor, ticker, tasks, TaskArgs.timeout(timeout));
    }

    /** See {@link Tasks#allSettled(List)}. */
    public <T> List<Settled<T>> allSettled(List<? extends Callable<? extends T>> tasks) throws InterruptedException {
        return AllSettled.run(executor, ticker, tasks, null);
    }

    /** See {@link Tasks#allSettled(List, Duration)}. */
    public <T> List<Settled<T>> allSettled(List<? extends Callable<? extends T>> tasks, Duration timeout)
            throws InterruptedException {
        return AllSettled.run(executor, ticker, tasks, TaskArgs.timeout(timeout));
    }

    /** See {@link Tasks#map(List, ThrowingFunction, int)}. */
    public <I, O> List<O> map(List<? extends I> items, ThrowingFunction<? super I, ? extends O> fn,
            int maxConcurrency) throws Exception {
        return ParallelMap.run(executor, ticker, items, fn, maxConcurrency, null);
    }

    /** See {@link Tasks#map(List, ThrowingFunction, int, Duration)}. */
    public <I, O> List<O> map(List<? extends I> items, ThrowingFunction<? super I, ? extends O> fn,
            int maxConcurrency, Duration timeout) throws Exception {
        return ParallelMap.run(executor, ticker, items, fn, maxConcurrency, TaskArgs.timeout(timeout));
    }

    /** See {@link Tasks#firstOk(List)}. */
    public <T> T firstOk(List<? extends Callable<? extends T>> tasks) throws InterruptedException {
        return FirstOk.run(ticker, tasks, null);
    }

    /** See {@link Tasks#firstOk(List, Duration)}. */
    public <T> T firstOk(List<? extends Callable<? extends T>> tasks, Duration timeout) throws InterruptedException {
        return FirstOk.run(ticker, tasks, TaskArgs.timeout(timeout));
    }

    @Override
    public String toString() {
        return "TaskRunner[executor=" + executor + "]";
    }
}
