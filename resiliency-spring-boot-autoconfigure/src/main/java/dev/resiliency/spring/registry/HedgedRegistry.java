package dev.resiliency.spring.registry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

import org.springframework.util.ClassUtils;

import dev.resiliency.Scheduler;
import dev.resiliency.hedged.Hedged;
import dev.resiliency.spring.config.HedgedProperties;

import static dev.resiliency.spring.registry.CircuitBreakerRegistry.or;

/**
 * The hedged-request policies configured under {@code resiliency.hedged.*} or created on first use by name. An
 * adaptive policy is stateful (its latency percentile and hedging tokens), so callers that use the same name share
 * them.
 *
 * @see InstanceRegistry
 */
public class HedgedRegistry extends InstanceRegistry<Hedged, HedgedProperties> {

    /** The YAML key of this kind. */
    public static final String KIND = "hedged";

    private final List<? extends InstanceCustomizer<Hedged.Builder>> customizers;
    private final Executor executor;
    private final Scheduler scheduler;
    private final ClassLoader classLoader;

    /** A registry of the given instances, without customizers, on the core's default executor and scheduler. */
    public HedgedRegistry(Map<String, HedgedProperties> properties) {
        this(properties, List.of(), null, null, null);
    }

    /**
     * @param properties  the configured instances by name, {@code default} included
     * @param customizers applied to every builder after the properties
     * @param executor    runs every copy of a request; null for the core default
     * @param scheduler   fires hedge timers and timeouts; null for the core default
     * @param classLoader resolves {@code non-fatal-exceptions}; null for the default
     */
    public HedgedRegistry(Map<String, HedgedProperties> properties,
            List<? extends InstanceCustomizer<Hedged.Builder>> customizers, Executor executor, Scheduler scheduler,
            ClassLoader classLoader) {
        super(KIND, properties, HedgedProperties::new);
        this.customizers = List.copyOf(customizers);
        this.executor = executor;
        this.scheduler = scheduler;
        this.classLoader = classLoader != null ? classLoader : ClassUtils.getDefaultClassLoader();
        createConfiguredInstances();
    }

    @Override
    protected Hedged create(String name, HedgedProperties p) {
        Hedged.Builder builder = Hedged.builder(name)
                .maxRequests(or(p.getMaxRequests(), HedgedProperties.DEFAULT_MAX_REQUESTS))
                .timeout(or(p.getTimeout(), HedgedProperties.DEFAULT_TIMEOUT))
                .percentile(or(p.getPercentile(), HedgedProperties.DEFAULT_PERCENTILE))
                .bufferSize(or(p.getBufferSize(), HedgedProperties.DEFAULT_BUFFER_SIZE))
                .minDelay(or(p.getMinDelay(), HedgedProperties.DEFAULT_MIN_DELAY))
                .maxDelay(or(p.getMaxDelay(), HedgedProperties.DEFAULT_MAX_DELAY))
                .initialDelay(or(p.getInitialDelay(), HedgedProperties.DEFAULT_INITIAL_DELAY))
                .minSamples(or(p.getMinSamples(), HedgedProperties.DEFAULT_MIN_SAMPLES))
                .tokenMax(or(p.getTokenMax(), HedgedProperties.DEFAULT_TOKEN_MAX))
                .tokenSuccessCredit(or(p.getTokenSuccessCredit(), HedgedProperties.DEFAULT_TOKEN_SUCCESS_CREDIT))
                .tokenHedgeCost(or(p.getTokenHedgeCost(), HedgedProperties.DEFAULT_TOKEN_HEDGE_COST))
                .tokenThreshold(or(p.getTokenThreshold(), HedgedProperties.DEFAULT_TOKEN_THRESHOLD))
                .primaryOnCallerThread(or(p.getPrimaryOnCallerThread(), HedgedProperties.DEFAULT_PRIMARY_ON_CALLER_THREAD));
        if (p.getDelay() != null) {
            builder.delay(p.getDelay());
        }
        List<Class<? extends Throwable>> nonFatal = exceptionClasses(name, "nonFatalExceptions", p.getNonFatalExceptions(), this.classLoader);
        if (!nonFatal.isEmpty()) {
            builder.nonFatal(ExceptionMatcher.of(nonFatal));
        }
        if (this.executor != null) {
            builder.executor(this.executor);
        }
        if (this.scheduler != null) {
            builder.scheduler(this.scheduler);
        }
        return customize(name, builder, this.customizers).build();
    }
}
