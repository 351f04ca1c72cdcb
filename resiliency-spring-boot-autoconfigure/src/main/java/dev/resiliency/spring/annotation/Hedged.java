package dev.resiliency.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;

/**
 * Hedges the method: if it has not returned after a delay, a second copy is started and the first result wins;
 * the loser is cancelled (interrupted). Adaptive by default (the delay follows the p95 of recent latencies and a
 * token bucket throttles hedging), fixed when {@code resiliency.hedged.<name>.delay} is set. Copies run on the
 * starter executor (virtual threads when {@code spring.threads.virtual.enabled=true}) and see the caller's MDC,
 * tracing and security context. Only hedge idempotent operations.
 *
 * <pre>{@code
 * @Hedged("search")                     // resiliency.hedged.search: { max-requests: 2, timeout: 2s }
 * public List<Hit> search(String query) { ... }
 * }</pre>
 *
 * <p>On a class: applies to every public method. A method-level annotation of the same kind wins.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Hedged {

    /** Alias for {@link #name()}. */
    @AliasFor("name")
    String value() default "";

    /**
     * The instance name, configured under {@code resiliency.hedged.<name>}; {@code ${...}} placeholders are
     * resolved. Empty (the default): an instance of its own per method, named {@code SimpleClassName.methodName},
     * with the {@code default} instance's options. A name that is not configured gets the {@code default}
     * instance's options too; methods that use the same name share the instance.
     */
    @AliasFor("value")
    String name() default "";
}
