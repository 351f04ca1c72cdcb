package dev.resiliency.retry;

/**
 * The built-in delay strategies selectable by name (YAML {@code backoff: exponential|linear|constant}).
 *
 * <ul>
 *   <li>{@link #EXPONENTIAL} (the default): {@code baseDelay * multiplier^(n-1)}: 100, 200, 400 ms... with the
 *       defaults.</li>
 *   <li>{@link #LINEAR}: {@code baseDelay + (n-1) * increment}: 100, 200, 300 ms... with the defaults.</li>
 *   <li>{@link #CONSTANT}: {@code baseDelay} every time.</li>
 * </ul>
 */
public enum BackoffType {
    EXPONENTIAL,
    LINEAR,
    CONSTANT
}
