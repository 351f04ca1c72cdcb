package dev.resiliency.spring.aop;

import org.jspecify.annotations.Nullable;

/**
 * Extension point for tracing: observes the calls of annotated methods. When a bean of this type exists, the
 * {@link MethodPipelineFactory} asks it, once per annotated method while building that method's pipeline, for a
 * {@link CallObserver}; a method it answers null for runs exactly as without an observer (nothing per call).
 *
 * <p>The starter's Micrometer Observation support is one; an application may define its own.
 */
@FunctionalInterface
public interface ResiliencyObserver {

    /**
     * The observer of that method's calls, or null to leave the method unobserved.
     *
     * @param method the method and the instance names of its layers
     */
    @Nullable CallObserver observe(ResilientMethod method);
}
