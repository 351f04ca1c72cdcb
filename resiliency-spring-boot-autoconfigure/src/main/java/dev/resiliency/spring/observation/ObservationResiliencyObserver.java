package dev.resiliency.spring.observation;

import io.micrometer.observation.ObservationRegistry;

import dev.resiliency.spring.aop.CallObserver;
import dev.resiliency.spring.aop.ResiliencyObserver;
import dev.resiliency.spring.aop.ResilientMethod;

/**
 * Observes annotated calls with the Micrometer Observation API: one observation ({@value
 * DefaultResiliencyObservationConvention#NAME}) per call, with the instance names as low-cardinality keys and
 * retries and hedges as events (see {@link MethodObservation}). With a no-op registry no method is observed, so
 * calls cost nothing more; observations can also be turned off by name with Spring Boot's
 * {@code management.observations.enable.resiliency=false}.
 */
public class ObservationResiliencyObserver implements ResiliencyObserver {

    private static final ResiliencyObservationConvention DEFAULT = new DefaultResiliencyObservationConvention();

    private final ObservationRegistry registry;
    private final ResiliencyObservationConvention convention;

    /**
     * @param registry   the application's observation registry
     * @param convention a custom convention, or null for {@link DefaultResiliencyObservationConvention}
     */
    public ObservationResiliencyObserver(ObservationRegistry registry, ResiliencyObservationConvention convention) {
        this.registry = registry;
        this.convention = convention;
    }

    @Override
    public CallObserver observe(ResilientMethod method) {
        if (this.registry.isNoop()) {
            return null;
        }
        return new MethodObservation(method, this.registry, this.convention, DEFAULT);
    }
}
