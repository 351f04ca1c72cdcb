package dev.resiliency.spring.registry;

import java.util.List;
import java.util.Map;

import dev.resiliency.Scheduler;
import dev.resiliency.ratelimiter.RateLimiter;
import dev.resiliency.spring.config.BackendOptions;
import dev.resiliency.spring.config.InvalidResiliencyPropertyException;
import dev.resiliency.spring.config.RateLimiterProperties;

import static dev.resiliency.spring.registry.CircuitBreakerRegistry.or;

/**
 * The rate limiters configured under {@code resiliency.rate-limiter.*} or created on first use by name.
 *
 * <p>A rate limiter needs a {@code rate}, on its name or on {@code default}; there is no sensible built-in rate.
 * Asking for a name whose rate is set nowhere throws {@link InvalidResiliencyPropertyException} naming the missing
 * property (an annotation naming such a rate limiter fails start-up). {@code burst-size} defaults to one second's
 * worth of tokens. {@code backend} other than {@code local} must be provided by a module on the classpath (an
 * {@link InstanceCustomizer} that sets {@link RateLimiter.Builder#backend}); otherwise start-up fails naming the
 * property.
 *
 * @see InstanceRegistry
 */
public class RateLimiterRegistry extends InstanceRegistry<RateLimiter, RateLimiterProperties> {

    /** The YAML key of this kind. */
    public static final String KIND = "rate-limiter";

    private final List<? extends InstanceCustomizer<RateLimiter.Builder>> customizers;
    private final Scheduler scheduler;

    /** A registry of the given instances, without customizers, on the core's default scheduler. */
    public RateLimiterRegistry(Map<String, RateLimiterProperties> properties) {
        this(properties, List.of(), null);
    }

    /**
     * @param properties  the configured instances by name, {@code default} included
     * @param customizers applied to every builder after the properties
     * @param scheduler   schedules asynchronous waits for tokens; null for the core default
     */
    public RateLimiterRegistry(Map<String, RateLimiterProperties> properties,
            List<? extends InstanceCustomizer<RateLimiter.Builder>> customizers, Scheduler scheduler) {
        super(KIND, properties, RateLimiterProperties::new);
        this.customizers = List.copyOf(customizers);
        this.scheduler = scheduler;
        createConfiguredInstances();
    }

    @Override
    protected RateLimiter create(String name, RateLimiterProperties p) {
        if (p.getRate() == null) {
            throw new InvalidResiliencyPropertyException(instancePath(name) + ".rate",
                    "is required: a rate limiter needs a rate in tokens per second (set it on this name or on "
                            + instancePath("default") + ".rate)");
        }
        double rate = p.getRate();
        RateLimiter.Builder builder = RateLimiter.builder(name)
                .rate(rate)
                .burstSize(or(p.getBurstSize(), RateLimiterProperties.defaultBurstSize(rate)))
                .maxWait(or(p.getMaxWait(), RateLimiterProperties.DEFAULT_MAX_WAIT))
                .onBackendFailure(BackendOptions.failureMode(p.getOnBackendFailure()));
        if (this.scheduler != null) {
            builder.scheduler(this.scheduler);
        }
        RateLimiter limiter;
        try {
            limiter = customize(name, builder, this.customizers).build();
        }
        catch (IllegalArgumentException ex) {
            if (p.getBurstSize() == null && String.valueOf(ex.getMessage()).startsWith("burstSize / rate")) {
                // the burst size was derived from the rate: the rate is what the user wrote, and what is wrong
                throw invalid(name, "rate", "is too small, the bucket would take too long to refill ("
                        + ex.getMessage() + "; burst-size is not set and defaults to ceil(rate), at least 1)");
            }
            throw ex;
        }
        String backend = BackendOptions.backend(p.getBackend());
        if (!BackendOptions.LOCAL.equals(backend) && limiter.sharedBucket().isEmpty()) {
            throw invalid(name, "backend", "'" + backend + "' is not available: no module on the classpath provides it"
                    + " (for redis: add dev.resiliency:resiliency-redis and configure Spring Data Redis)");
        }
        return limiter;
    }

    @Override
    protected void validateDefaults(RateLimiterProperties effectiveDefaults) {
        // default may leave the rate to each named instance: validate what it sets, with a stand-in rate
        if (effectiveDefaults.getRate() == null) {
            effectiveDefaults.setRate(1.0);
        }
        super.validateDefaults(effectiveDefaults);
    }
}
