package dev.resiliency.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;

/**
 * Collapses concurrent calls with equal keys into one execution: the first caller runs the method, callers that
 * arrive while it runs wait for and share its result (or its exception). Nothing is cached after completion.
 *
 * <pre>{@code
 * @SingleFlight(key = "#userId")
 * @Retry
 * public Profile profile(String userId) { ... }
 * }</pre>
 *
 * <p>On a class: applies to every public method. A method-level annotation of the same kind wins.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SingleFlight {

    /** Alias for {@link #name()}. */
    @AliasFor("name")
    String value() default "";

    /**
     * The instance name, configured under {@code resiliency.single-flight.<name>}; {@code ${...}} placeholders are
     * resolved. Empty (the default): an instance of its own per method, named {@code SimpleClassName.methodName},
     * with the {@code default} instance's options. A name that is not configured gets the {@code default}
     * instance's options too; methods that use the same name share the instance.
     */
    @AliasFor("value")
    String name() default "";

    /**
     * SpEL expression over the arguments that computes the key, e.g. {@code "#sku"} or {@code "#user.id"}
     * (parameters by name, or as {@code #p0}/{@code #a0}; {@code #root.args} is the argument array). Parsed once
     * at start-up. Empty (the default): the method and all its arguments, so that two methods sharing a named
     * instance never share a flight. A SpEL key is used as is: give methods sharing an instance distinct keys,
     * e.g. {@code "'stock:' + #sku"}.
     */
    String key() default "";
}
