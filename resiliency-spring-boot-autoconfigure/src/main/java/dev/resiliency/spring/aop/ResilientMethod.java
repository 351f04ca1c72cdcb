package dev.resiliency.spring.aop;

import java.lang.reflect.Method;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

import dev.resiliency.pipeline.Layer;

/**
 * An annotated method as a {@link ResiliencyObserver} sees it.
 *
 * @param name        {@code SimpleClassName.methodName}
 * @param method      the method (the most specific one for the target class)
 * @param targetClass the class of the bean
 * @param layers      the name of the instance of each layer, in the canonical order; {@link Layer#FALLBACK} maps to
 *                    the fallback method's name
 * @param async       whether the method returns a {@code CompletionStage}
 */
public record ResilientMethod(String name, Method method, Class<?> targetClass, Map<Layer, String> layers,
        boolean async) {

    public ResilientMethod {
        EnumMap<Layer, String> ordered = new EnumMap<>(Layer.class); // iterates in the canonical order
        ordered.putAll(layers);
        layers = Collections.unmodifiableMap(ordered);
    }
}
