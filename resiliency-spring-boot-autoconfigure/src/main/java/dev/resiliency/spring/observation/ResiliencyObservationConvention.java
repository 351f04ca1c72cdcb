package dev.resiliency.spring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The {@link ObservationConvention} of the observations of annotated calls. Define a bean of this type to change
 * their name, contextual name or key values; {@link DefaultResiliencyObservationConvention} is the default.
 */
public interface ResiliencyObservationConvention extends ObservationConvention<ResiliencyObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof ResiliencyObservationContext;
    }
}
