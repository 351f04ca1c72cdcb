package dev.resiliency.spring.registry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

import org.springframework.util.ClassUtils;

import dev.resiliency.Scheduler;
import dev.resiliency.retry.BackoffRetry;
import dev.resiliency.retry.BackoffType;
import dev.resiliency.spring.config.RetryProperties;

import static dev.resiliency.spring.registry.CircuitBreakerRegistry.or;

/**
 * The retry policies configured under {@code resiliency.retry.*} or created on first use by name. A retry has no
 * state besides its statistics; instances are per name so that statistics and metrics are per name.
 *
 * @see InstanceRegistry
 */
public class RetryRegistry extends InstanceRegistry<BackoffRetry, RetryProperties> {

    /** The YAML key of this kind. */
    public static final String KIND = "retry";

    private final List<? extends InstanceCustomizer<BackoffRetry.Builder>> customizers;
    private final Executor executor;
    private final Scheduler scheduler;
    private final ClassLoader classLoader;

    /** A registry of the given instances, without customizers, on the default scheduler. */
    public RetryRegistry(Map<String, RetryProperties> properties) {
        this(properties, List.of(), null, null, null);
    }

    /**
     * @param properties  the configured instances by name, {@code default} included
     * @param customizers applied to every builder after the properties
     * @param executor    starts asynchronous retries once their delay is over; null for the core default
     * @param scheduler   runs the delays of asynchronous retries; null for the core default
     * @param classLoader resolves {@code retry-exceptions}/{@code ignore-exceptions}; null for the default
     */
    public RetryRegistry(Map<String, RetryProperties> properties,
            List<? extends InstanceCustomizer<BackoffRetry.Builder>> customizers, Executor executor,
            Scheduler scheduler, ClassLoader classLoader) {
        super(KIND, properties, RetryProperties::new);
        this.customizers = List.copyOf(customizers);
        this.executor = executor;
        this.scheduler = scheduler;
        this.classLoader = classLoader != null ? classLoader : ClassUtils.getDefaultClassLoader();
        createConfiguredInstances();
    }

    @Override
    protected BackoffRetry create(String name, RetryProperties p) {
        BackoffRetry.Builder builder = BackoffRetry.builder(name)
                .maxAttempts(or(p.getMaxAttempts(), RetryProperties.DEFAULT_MAX_ATTEMPTS))
                .backoff(backoff(name, p.getBackoff()))
                .baseDelay(or(p.getBaseDelay(), RetryProperties.DEFAULT_BASE_DELAY))
                .maxDelay(or(p.getMaxDelay(), RetryProperties.DEFAULT_MAX_DELAY))
                .multiplier(or(p.getMultiplier(), RetryProperties.DEFAULT_MULTIPLIER))
                .increment(or(p.getIncrement(), RetryProperties.DEFAULT_INCREMENT))
                .jitter(or(p.getJitter(), RetryProperties.DEFAULT_JITTER));
        if (p.getBudget() != null) {
            builder.budget(p.getBudget());
        }
        List<Class<? extends Throwable>> retry = exceptionClasses(name, "retryExceptions", p.getRetryExceptions(), this.classLoader);
        List<Class<? extends Throwable>> ignore = exceptionClasses(name, "ignoreExceptions", p.getIgnoreExceptions(), this.classLoader);
        Predicate<Throwable> retryIf = retry.isEmpty() ? null : ExceptionMatcher.of(retry);
        if (!ignore.isEmpty()) {
            Predicate<Throwable> ignored = ExceptionMatcher.of(ignore).negate();
            retryIf = retryIf != null ? retryIf.and(ignored) : ignored;
        }
        if (retryIf != null) {
            builder.retryIf(retryIf);
        }
        if (this.executor != null) {
            builder.executor(this.executor);
        }
        if (this.scheduler != null) {
            builder.scheduler(this.scheduler);
        }
        return customize(name, builder, this.customizers).build();
    }

    private BackoffType backoff(String name, String value) {
        String type = value != null ? value.trim() : RetryProperties.DEFAULT_BACKOFF;
        for (BackoffType candidate : BackoffType.values()) {
            if (candidate.name().equalsIgnoreCase(type)) {
                return candidate;
            }
        }
        throw invalid(name, "backoff", "must be one of exponential, linear, constant, got: " + value);
    }
}
