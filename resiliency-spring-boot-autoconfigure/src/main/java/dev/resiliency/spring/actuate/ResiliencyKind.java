package dev.resiliency.spring.actuate;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import dev.resiliency.EventSource;
import dev.resiliency.spring.registry.InstanceRegistry;

/**
 * One kind of instance as the actuator sees it: its YAML key, its registry, and how to read an instance's name,
 * stats and events. Reading never creates an instance.
 *
 * @param <X> the instance type
 */
public final class ResiliencyKind<X> {

    private final InstanceRegistry<X, ?> registry;
    private final Function<X, String> name;
    private final Function<X, Record> stats;
    private final Function<X, EventSource<?>> events;

    ResiliencyKind(InstanceRegistry<X, ?> registry, Function<X, String> name, Function<X, Record> stats,
            Function<X, EventSource<?>> events) {
        this.registry = registry;
        this.name = name;
        this.stats = stats;
        this.events = events;
    }

    /** The YAML key of the kind, e.g. {@code circuit-breaker}: the {@code {kind}} of the endpoint's paths. */
    public String key() {
        return this.registry.kind();
    }

    /** The registry of this kind. */
    public InstanceRegistry<X, ?> registry() {
        return this.registry;
    }

    /** The instance of that name, if it exists (never creates one). */
    public Optional<X> find(String instanceName) {
        return this.registry.find(instanceName);
    }

    /** The name of an instance. */
    public String name(X instance) {
        return this.name.apply(instance);
    }

    /** The stats of an instance as a JSON-friendly map, see {@link Descriptors#of(Record)}. */
    public Map<String, Object> stats(X instance) {
        return Descriptors.of(this.stats.apply(instance));
    }

    /** The events of an instance. */
    EventSource<?> events(X instance) {
        return this.events.apply(instance);
    }
}
