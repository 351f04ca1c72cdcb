package dev.resiliency.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;

/**
 * Degrades a failing call: when the method (with all its other resiliency layers) fails, the named method of the
 * same bean is called with the same arguments and its result returned instead. Outermost layer: it sees every
 * failure, an open circuit, a rejected or rate-limited call and exhausted retries included.
 *
 * <p>The fallback method has the same parameters as the annotated method, optionally followed by a
 * {@link Throwable} (or a subtype: the fallback then only applies to failures of that type) that receives the
 * failure. It may be private. For a method returning {@code CompletionStage}/{@code CompletableFuture} it may return
 * a stage or a plain value. Resolved once at start-up; a missing or incompatible method fails start-up.
 *
 * <pre>{@code
 * @Fallback(method = "cachedPage", on = { CircuitOpenException.class, BulkheadFullException.class })
 * @CircuitBreaker("catalog")
 * public ProductPage page(String sku) { ... }
 *
 * private ProductPage cachedPage(String sku, Exception failure) { ... }
 * }</pre>
 *
 * <p>On a class: applies to every public method. A method-level annotation wins.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Fallback {

    /** Alias for {@link #method()}. */
    @AliasFor("method")
    String value() default "";

    /** The name of the fallback method, in the same bean. Required. */
    @AliasFor("value")
    String method() default "";

    /**
     * The failures the fallback applies to (and their subclasses); others propagate unchanged. Empty (the default):
     * every exception. {@link Error}s never reach a fallback.
     */
    Class<? extends Throwable>[] on() default {};
}
