package dev.resiliency.spring.registry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.resiliency.Scheduler;
import dev.resiliency.bulkhead.Bulkhead;
import dev.resiliency.spring.config.BulkheadProperties;

import static dev.resiliency.spring.registry.CircuitBreakerRegistry.or;

/**
 * The bulkheads configured under {@code resiliency.bulkhead.*} or created on first use by name. A bulkhead
 * without {@code max-concurrent} gets {@value BulkheadProperties#DEFAULT_MAX_CONCURRENT}.
 *
 * @see InstanceRegistry
 */
public class BulkheadRegistry extends InstanceRegistry<Bulkhead, BulkheadProperties> {

    /** The YAML key of this kind. */
    public static final String KIND = "bulkhead";

    private final List<? extends InstanceCustomizer<Bulkhead.Builder>> customizers;
    private final Scheduler scheduler;
    private final Map<String, Boolean> healthAffectsStatus = new ConcurrentHashMap<>();

    /** A registry of the given instances, without customizers, on the core's default scheduler. */
    public BulkheadRegistry(Map<String, BulkheadProperties> properties) {
        this(properties, List.of(), null);
    }

    /**
     * @param properties  the configured instances by name, {@code default} included
     * @param customizers applied to every builder after the properties
     * @param scheduler   times out asynchronous waiters; null for the core default
     */
    public BulkheadRegistry(Map<String, BulkheadProperties> properties,
            List<? extends InstanceCustomizer<Bulkhead.Builder>> customizers, Scheduler scheduler) {
        super(KIND, properties, BulkheadProperties::new);
        this.customizers = List.copyOf(customizers);
        this.scheduler = scheduler;
        createConfiguredInstances();
    }

    /** Whether a full bulkhead of that name turns the application's health DOWN (default false). */
    public boolean healthAffectsStatus(String name) {
        return this.healthAffectsStatus.computeIfAbsent(name, n -> Boolean.TRUE.equals(properties(n).getHealthAffectsStatus()));
    }

    @Override
    protected Bulkhead create(String name, BulkheadProperties p) {
        Bulkhead.Builder builder = Bulkhead.builder(name)
                .maxConcurrent(or(p.getMaxConcurrent(), BulkheadProperties.DEFAULT_MAX_CONCURRENT))
                .maxWait(or(p.getMaxWait(), BulkheadProperties.DEFAULT_MAX_WAIT));
        if (this.scheduler != null) {
            builder.scheduler(this.scheduler);
        }
        return customize(name, builder, this.customizers).build();
    }
}
