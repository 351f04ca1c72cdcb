package dev.resiliency.spring.aop;

import java.lang.reflect.Method;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-call lookup from the invoked {@link Method} (and target class) to its prepared {@link MethodPipeline}.
 * One {@link ConcurrentHashMap#get} keyed by the {@code Method} itself (whose hash is derived from cached string
 * hashes), then an identity check of the target class: no allocation, no lock, no lookup by name. A method invoked
 * on several target classes (an inherited method of several beans) chains its entries.
 */
final class MethodPipelineCache {

    private final ConcurrentHashMap<Method, Entry> entries = new ConcurrentHashMap<>();

    /** The pipeline for that method and target class, or null if not cached yet. */
    MethodPipeline get(Method method, Class<?> targetClass) {
        for (Entry entry = this.entries.get(method); entry != null; entry = entry.next) {
            if (entry.targetClass == targetClass) {
                return entry.pipeline;
            }
        }
        return null;
    }

    void put(Method method, Class<?> targetClass, MethodPipeline pipeline) {
        this.entries.compute(method, (key, head) -> {
            for (Entry entry = head; entry != null; entry = entry.next) {
                if (entry.targetClass == targetClass) {
                    return head;
                }
            }
            return new Entry(targetClass, pipeline, head);
        });
    }

    private record Entry(Class<?> targetClass, MethodPipeline pipeline, Entry next) {
    }
}
