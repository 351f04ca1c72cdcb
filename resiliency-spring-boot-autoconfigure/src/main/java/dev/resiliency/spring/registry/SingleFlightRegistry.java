package dev.resiliency.spring.registry;

import java.util.List;
import java.util.Map;

import dev.resiliency.singleflight.SingleFlight;
import dev.resiliency.spring.config.SingleFlightProperties;

/**
 * The single-flight groups configured under {@code resiliency.single-flight.*} or created on first use by name.
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
        return customize(name, SingleFlight.builder(name), this.customizers).build();
    }

    @Override
    protected void validateDefaults(SingleFlightProperties effectiveDefaults) {
        // nothing to validate: a single-flight group has no option
    }
}
