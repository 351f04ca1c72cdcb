package dev.resiliency.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;

/**
 * Bounds the total weight of concurrent calls: a call holds {@link #weight()} permits of the semaphore while it runs
 * and waits (FIFO; a heavy waiter at the head blocks lighter ones behind it) when they are not available. With a
 * {@link #timeout()}, a call that cannot get its permits in time fails with
 * {@link dev.resiliency.ResiliencyTimeoutException}.
 *
 * <pre>{@code
 * @WeightedSemaphore(value = "payment-gateway", weight = 2, timeout = "500ms")   // resiliency.weighted-semaphore.payment-gateway: { max: 10 }
 * @Hedged("payment-gateway")
 * public Authorization authorize(Payment payment) { ... }
 * }</pre>
 *
 * <p>On a class: applies to every public method. A method-level annotation of the same kind wins.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WeightedSemaphore {

    /** Alias for {@link #name()}. */
    @AliasFor("name")
    String value() default "";

    /**
     * The instance name, configured under {@code resiliency.weighted-semaphore.<name>}; {@code ${...}} placeholders are
     * resolved. Empty (the default): an instance of its own per method, named {@code SimpleClassName.methodName},
     * with the {@code default} instance's options. A name that is not configured gets the {@code default}
     * instance's options too; methods that use the same name share the instance.
     */
    @AliasFor("value")
    String name() default "";

    /** Permits one call holds (at least 1, at most the semaphore's max). Default: 1. */
    int weight() default 1;

    /**
     * How long a call waits for its permits: a duration such as {@code "500ms"} or {@code "PT0.5S"}, or a
     * {@code ${...}} placeholder. Empty (the default): no limit. Zero: the permits only if they are free now, else
     * {@link dev.resiliency.ResiliencyTimeoutException} at once. The timeout covers the wait only.
     */
    String timeout() default "";
}
