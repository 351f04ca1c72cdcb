package dev.resiliency.task;

import java.util.Objects;

/**
 * How one task of {@link Tasks#allSettled} ended: {@link Success} with the value it returned (which may be
 * {@code null}), or {@link Failure} with what it threw, or with a
 * {@link dev.resiliency.ResiliencyTimeoutException} when it had not finished by the deadline.
 *
 * <pre>{@code
 * for (Settled<Quote> quote : Tasks.allSettled(quoteCalls)) {
 *     if (quote.isSuccess()) { use(quote.value()); } else { log(quote.error()); }
 * }
 * }</pre>
 *
 * @param <T> the type of the task's value
 */
public sealed interface Settled<T> permits Settled.Success, Settled.Failure {

    /** Whether the task returned normally. */
    boolean isSuccess();

    /**
     * The value the task returned.
     *
     * @throws IllegalStateException if the task failed (the failure is the exception's cause)
     */
    T value();

    /**
     * What the task threw, or the timeout that stopped it.
     *
     * @throws IllegalStateException if the task succeeded
     */
    Throwable error();

    /** A task that returned {@code value} (possibly {@code null}). */
    static <T> Settled<T> success(T value) {
        return new Success<>(value);
    }

    /** A task that threw {@code error}. */
    static <T> Settled<T> failure(Throwable error) {
        return new Failure<>(error);
    }

    /**
     * A task that returned normally.
     *
     * @param value what it returned, possibly {@code null}
     */
    record Success<T>(T value) implements Settled<T> {

        @Override
        public boolean isSuccess() {
            return true;
        }

        @Override
        public Throwable error() {
            throw new IllegalStateException("the task succeeded; it has no error");
        }
    }

    /**
     * A task that threw, or did not finish in time.
     *
     * @param error what it threw (never {@code null})
     */
    record Failure<T>(Throwable error) implements Settled<T> {

        public Failure {
            Objects.requireNonNull(error, "error must not be null");
        }

        @Override
        public boolean isSuccess() {
            return false;
        }

        @Override
        public T value() {
            throw new IllegalStateException("the task failed: " + error, error);
        }
    }
}
