package dev.resiliency.spring.registry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.util.ClassUtils;

import dev.resiliency.circuitbreaker.CircuitBreaker;
import dev.resiliency.circuitbreaker.SlidingWindowType;
import dev.resiliency.spring.config.CircuitBreakerProperties;

/**
 * The circuit breakers configured under {@code resiliency.circuit-breaker.*} or created on first use by name.
 *
 * @see InstanceRegistry
 */
public class CircuitBreakerRegistry extends InstanceRegistry<CircuitBreaker, CircuitBreakerProperties> {

    /** The YAML key of this kind. */
    public static final String KIND = "circuit-breaker";

    private final List<? extends InstanceCustomizer<CircuitBreaker.Builder>> customizers;
    private final ClassLoader classLoader;
    private final Map<String, Boolean> healthAffectsStatus = new ConcurrentHashMap<>();

    /** A registry of the given instances, without customizers. */
    public CircuitBreakerRegistry(Map<String, CircuitBreakerProperties> properties) {
        this(properties, List.of(), null);
    }

    /**
     * @param properties  the configured instances by name, {@code default} included
     * @param customizers applied to every builder after the properties
     * @param classLoader resolves {@code record-exceptions}/{@code ignore-exceptions}; null for the default
     */
    public CircuitBreakerRegistry(Map<String, CircuitBreakerProperties> properties,
            List<? extends InstanceCustomizer<CircuitBreaker.Builder>> customizers, ClassLoader classLoader) {
        super(KIND, properties, CircuitBreakerProperties::new);
        this.customizers = List.copyOf(customizers);
        this.classLoader = classLoader != null ? classLoader : ClassUtils.getDefaultClassLoader();
        createConfiguredInstances();
    }

    /**
     * Whether an open circuit of that name turns the application's health DOWN ({@code health-affects-status},
     * default false).
     */
    public boolean healthAffectsStatus(String name) {
        return this.healthAffectsStatus.computeIfAbsent(name, n -> Boolean.TRUE.equals(properties(n).getHealthAffectsStatus()));
    }

    @Override
    protected CircuitBreaker create(String name, CircuitBreakerProperties p) {
        CircuitBreaker.Builder builder = CircuitBreaker.builder(name)
                .slidingWindowType(windowType(name, p.getSlidingWindowType()))
                .windowSize(or(p.getWindowSize(), CircuitBreakerProperties.DEFAULT_WINDOW_SIZE))
                .minimumCalls(or(p.getMinimumCalls(), CircuitBreakerProperties.DEFAULT_MINIMUM_CALLS))
                .failureRateThreshold(or(p.getFailureRateThreshold(), CircuitBreakerProperties.DEFAULT_FAILURE_RATE_THRESHOLD))
                .slowCallRateThreshold(or(p.getSlowCallRateThreshold(), CircuitBreakerProperties.DEFAULT_SLOW_CALL_RATE_THRESHOLD))
                .openTimeout(or(p.getOpenTimeout(), CircuitBreakerProperties.DEFAULT_OPEN_TIMEOUT))
                .permittedCallsInHalfOpen(or(p.getPermittedCallsInHalfOpen(), CircuitBreakerProperties.DEFAULT_PERMITTED_CALLS_IN_HALF_OPEN));
        if (p.getSlowCallThreshold() != null) {
            builder.slowCallThreshold(p.getSlowCallThreshold());
        }
        List<Class<? extends Throwable>> record = exceptionClasses(name, "recordExceptions", p.getRecordExceptions(), this.classLoader);
        if (!record.isEmpty()) {
            builder.recordFailure(ExceptionMatcher.of(record));
        }
        List<Class<? extends Throwable>> ignore = exceptionClasses(name, "ignoreExceptions", p.getIgnoreExceptions(), this.classLoader);
        if (!ignore.isEmpty()) {
            builder.ignoreException(ExceptionMatcher.of(ignore));
        }
        return customize(name, builder, this.customizers).build();
    }

    private SlidingWindowType windowType(String name, String value) {
        String type = value != null ? value.trim() : CircuitBreakerProperties.DEFAULT_SLIDING_WINDOW_TYPE;
        if (type.equalsIgnoreCase("count")) {
            return SlidingWindowType.COUNT;
        }
        if (type.equalsIgnoreCase("time")) {
            return SlidingWindowType.TIME;
        }
        throw invalid(name, "slidingWindowType", "must be one of count, time, got: " + value);
    }

    static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
