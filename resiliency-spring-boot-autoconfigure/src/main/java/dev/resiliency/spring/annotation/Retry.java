package dev.resiliency.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;

/**
 * Retries the method on failure with backoff (exponential by default: 3 attempts, 100ms then 200ms). Which
 * exceptions are retried, the delays and the budget come from {@code resiliency.retry.<name>}. Throwing
 * {@code BackoffRetry.abort(e)} from the method stops at once and rethrows {@code e}.
 *
 * <pre>{@code
 * @Retry("search")                      // resiliency.retry.search: { max-attempts: 3, base-delay: 50ms }
 * @Hedged("search")
 * public List<Hit> search(String query) { ... }
 * }</pre>
 *
 * <p>Each attempt re-enters the layers inside the retry (hedging), not the ones outside it (circuit breaker,
 * rate limiter, bulkhead...): one call holds one permit however many attempts it makes.
 * On a class: applies to every public method. A method-level annotation of the same kind wins.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Retry {

    /** Alias for {@link #name()}. */
    @AliasFor("name")
    String value() default "";

    /**
     * The instance name, configured under {@code resiliency.retry.<name>}; {@code ${...}} placeholders are
     * resolved. Empty (the default): an instance of its own per method, named {@code SimpleClassName.methodName},
     * with the {@code default} instance's options. A name that is not configured gets the {@code default}
     * instance's options too; methods that use the same name share the instance.
     */
    @AliasFor("value")
    String name() default "";
}
