package dev.resiliency.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;

/**
 * Rate-limits the method with a token bucket: a call spends {@link #weight()} tokens, or is rejected with
 * {@link dev.resiliency.RateLimitedException} (carrying {@code retryAfter()}) when the bucket lacks them (after
 * waiting up to {@code max-wait} when configured). The instance must have a {@code rate} configured, on its name or
 * on {@code default}; otherwise start-up fails naming the missing property.
 *
 * <pre>{@code
 * @RateLimiter(value = "inventory-api", weight = 2)   // resiliency.rate-limiter.inventory-api: { rate: 100, burst-size: 10 }
 * public Stock stock(String sku) { ... }
 * }</pre>
 *
 * <p>On a class: applies to every public method. A method-level annotation of the same kind wins.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RateLimiter {

    /** Alias for {@link #name()}. */
    @AliasFor("name")
    String value() default "";

    /**
     * The instance name, configured under {@code resiliency.rate-limiter.<name>}; {@code ${...}} placeholders are
     * resolved. Empty (the default): an instance of its own per method, named {@code SimpleClassName.methodName},
     * with the {@code default} instance's options. A name that is not configured gets the {@code default}
     * instance's options too; methods that use the same name share the instance.
     */
    @AliasFor("value")
    String name() default "";

    /** Tokens one call spends (at least 1, at most the burst size). Default: 1. */
    int weight() default 1;
}
