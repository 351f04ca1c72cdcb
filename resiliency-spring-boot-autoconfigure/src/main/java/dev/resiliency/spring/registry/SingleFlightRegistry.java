package dev.resiliency.spring.registry;

import java.util.List;
import java.util.Map;

import dev.resiliency.singleflight.SingleFlight;
import dev.resiliency.spring.config.BackendOptions;
import dev.resiliency.spring.config.SingleFlightProperties;

/**
 * The single-flight groups configured under {@code resiliency.single-flight.*} or created on first use by name.
 * {@code backend} other than {@code local} must be provided by a module on the classpath (an
 * {@link InstanceCustomizer} that sets {@link SingleFlight.Builder#backend}); otherwise start-up fails naming the
 * property.
 *
 * @see InstanceRegistry
 */
public class SingleFlightRegistry extends InstanceRegistry<SingleFlight, SingleFlightProperties> {

    /** The YAML key of this kind. */
    public static final String KIND = "single-flight";

    private final List<? extends InstanceCustomizer<SingleFlight.Builder>> customizers;

    /** A registry of the given instances, without customizers. */
    public SingleFlightRegistry(Map<String, SingleFlightProperties> properties) {
        this(properties, List.of());
    }

    /**
     * @param properties  the configured instances by name
     * @param customizers applied to every builder
     */
    public SingleFlightRegistry(Map<String, SingleFlightProperties> properties,
            List<? extends InstanceCustomizer<SingleFlight.Builder>> customizers) {
        super(KIND, properties, SingleFlightProperties::new);
        this.customizers = List.copyOf(customizers);
        createConfiguredInstances();
    }

    @Override
    protected SingleFlight create(String name, SingleFlightProperties properties) {
        SingleFlight.Builder builder = SingleFlight.builder(name)
                .onBackendFailure(BackendOptions.failureMode(properties.getOnBackendFailure()));
        SingleFlight flight = customize(name, builder, this.customizers).build();
        String backend = BackendOptions.backend(properties.getBackend());
        if (!BackendOptions.LOCAL.equals(backend) && !flight.hasBackend()) {
            throw invalid(name, "backend", "'" + backend + "' is not available: no module on the classpath provides it"
                    + " (for redis: add dev.resiliency:resiliency-redis and configure Spring Data Redis)");
        }
        return flight;
    }
}
