package dev.resiliency.spring.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Conditional;

/**
 * Matches unless {@code resiliency.enabled} is {@code false}: the switch every Resiliency auto-configuration
 * (and the Redis module's) sits behind. Unset means on. Unlike {@code @ConditionalOnProperty(havingValue = "true")},
 * a value that is neither {@code true} nor {@code false} (case-insensitive), such as {@code yes} or a typo, does not
 * quietly turn the integration off: start-up fails with an {@link InvalidResiliencyPropertyException} naming
 * {@code resiliency.enabled} and the value found.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Documented
@Conditional(OnResiliencyEnabledCondition.class)
public @interface ConditionalOnResiliencyEnabled {
}
