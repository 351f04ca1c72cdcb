package dev.resiliency.spring.registry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.resiliency.Scheduler;
import dev.resiliency.semaphore.WeightedSemaphore;
import dev.resiliency.spring.config.WeightedSemaphoreProperties;

import static dev.resiliency.spring.registry.CircuitBreakerRegistry.or;

/**
 * The weighted semaphores configured under {@code resiliency.weighted-semaphore.*} or created on first use by
 * name. A semaphore without {@code max} gets {@value WeightedSemaphoreProperties#DEFAULT_MAX}.
 *
 * @see InstanceRegistry
 */
public class WeightedSemaphoreRegistry extends InstanceRegistry<WeightedSemaphore, WeightedSemaphoreProperties> {

    /** The YAML key of this kind. */
    public static final String KIND = "weighted-semaphore";

    private final List<? extends InstanceCustomizer<WeightedSemaphore.Builder>> customizers;
    private final Scheduler scheduler;
    private final Map<String, Boolean> healthAffectsStatus = new ConcurrentHashMap<>();

    /** A registry of the given instances, without customizers, on the core's default scheduler. */
    public WeightedSemaphoreRegistry(Map<String, WeightedSemaphoreProperties> properties) {
        this(properties, List.of(), null);
    }

    /**
     * @param properties  the configured instances by name, {@code default} included
     * @param customizers applied to every builder after the properties
     * @param scheduler   times out asynchronous waiters; null for the core default
     */
    public WeightedSemaphoreRegistry(Map<String, WeightedSemaphoreProperties> properties,
            List<? extends InstanceCustomizer<WeightedSemaphore.Builder>> customizers, Scheduler scheduler) {
        super(KIND, properties, WeightedSemaphoreProperties::new);
        this.customizers = List.copyOf(customizers);
        this.scheduler = scheduler;
        createConfiguredInstances();
    }

    /** Whether an exhausted semaphore of that name turns the application's health DOWN (default false). */
    public boolean healthAffectsStatus(String name) {
        return this.healthAffectsStatus.computeIfAbsent(name, n -> Boolean.TRUE.equals(properties(n).getHealthAffectsStatus()));
    }

    @Override
    protected WeightedSemaphore create(String name, WeightedSemaphoreProperties p) {
        WeightedSemaphore.Builder builder = WeightedSemaphore.builder(name)
                .max(or(p.getMax(), WeightedSemaphoreProperties.DEFAULT_MAX));
        if (this.scheduler != null) {
            builder.scheduler(this.scheduler);
        }
        return customize(name, builder, this.customizers).build();
    }
}
