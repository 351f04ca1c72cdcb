package dev.resiliency.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;

/**
 * Guards the method with a circuit breaker: once the failure (or slow-call) rate of recent calls reaches the
 * threshold, calls are rejected with {@link dev.resiliency.CircuitOpenException} until the open timeout passes and
 * probe calls succeed. Outermost layer after {@link Fallback}, so an open circuit can be degraded by a fallback.
 *
 * <pre>{@code
 * @CircuitBreaker("payments")          // resiliency.circuit-breaker.payments.*
 * @Bulkhead("payments")
 * public Receipt charge(Payment payment) { ... }
 * }</pre>
 *
 * <p>On a class: applies to every public method. A method-level annotation of the same kind wins.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface CircuitBreaker {

    /** Alias for {@link #name()}. */
    @AliasFor("name")
    String value() default "";

    /**
     * The instance name, configured under {@code resiliency.circuit-breaker.<name>}; {@code ${...}} placeholders are
     * resolved. Empty (the default): an instance of its own per method, named {@code SimpleClassName.methodName},
     * with the {@code default} instance's options. A name that is not configured gets the {@code default}
     * instance's options too; methods that use the same name share the instance.
     */
    @AliasFor("value")
    String name() default "";
}
