package dev.resiliency.task;

/**
 * A function that may throw a checked exception: the per-item work of {@link Tasks#map}. Whatever it throws
 * reaches the caller of {@code map} unchanged (the same instance).
 *
 * @param <I> the input type
 * @param <O> the output type
 */
@FunctionalInterface
public interface ThrowingFunction<I, O> {

    /** Computes the output for {@code input}. */
    O apply(I input) throws Exception;
}
