package dev.resiliency.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;

/**
 * Limits how many calls of the method run at once; a call beyond the limit waits (FIFO) up to the max wait, then is
 * rejected with {@link dev.resiliency.BulkheadFullException}. The call runs in the caller's thread.
 *
 * <pre>{@code
 * @Bulkhead(value = "payments", maxWait = "200ms")   // resiliency.bulkhead.payments: { max-concurrent: 10 }
 * public Receipt charge(Payment payment) { ... }
 * }</pre>
 *
 * <p>On a class: applies to every public method. A method-level annotation of the same kind wins.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Bulkhead {

    /** Alias for {@link #name()}. */
    @AliasFor("name")
    String value() default "";

    /**
     * The instance name, configured under {@code resiliency.bulkhead.<name>}; {@code ${...}} placeholders are
     * resolved. Empty (the default): an instance of its own per method, named {@code SimpleClassName.methodName},
     * with the {@code default} instance's options. A name that is not configured gets the {@code default}
     * instance's options too; methods that use the same name share the instance.
     */
    @AliasFor("value")
    String name() default "";

    /**
     * How long this method waits for a slot, overriding the instance's {@code max-wait}: a duration such as
     * {@code "200ms"}, {@code "2s"} or {@code "PT2S"}, or a {@code ${...}} placeholder. Empty (the default): the
     * configured {@code max-wait}.
     */
    String maxWait() default "";
}
