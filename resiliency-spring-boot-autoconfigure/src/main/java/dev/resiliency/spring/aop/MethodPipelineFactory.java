package dev.resiliency.spring.aop;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.MethodClassKey;
import org.springframework.core.env.PropertyResolver;
import org.springframework.expression.ExpressionParser;
import org.springframework.expression.spel.SpelCompilerMode;
import org.springframework.expression.spel.SpelParserConfiguration;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import dev.resiliency.bulkhead.Bulkhead;
import dev.resiliency.circuitbreaker.CircuitBreaker;
import dev.resiliency.hedged.Hedged;
import dev.resiliency.pipeline.Layer;
import dev.resiliency.pipeline.PipelineListener;
import dev.resiliency.pipeline.ResiliencePipeline;
import dev.resiliency.ratelimiter.RateLimiter;
import dev.resiliency.retry.BackoffRetry;
import dev.resiliency.semaphore.WeightedSemaphore;
import dev.resiliency.singleflight.SingleFlight;
import dev.resiliency.spring.concurrent.ResiliencyExecutors;
import dev.resiliency.spring.config.InvalidResiliencyAnnotationException;
import dev.resiliency.spring.config.ResiliencyConfigurationException;
import dev.resiliency.spring.registry.BulkheadRegistry;
import dev.resiliency.spring.registry.CircuitBreakerRegistry;
import dev.resiliency.spring.registry.HedgedRegistry;
import dev.resiliency.spring.registry.InstanceRegistry;
import dev.resiliency.spring.registry.RateLimiterRegistry;
import dev.resiliency.spring.registry.RetryRegistry;
import dev.resiliency.spring.registry.SingleFlightRegistry;
import dev.resiliency.spring.registry.WeightedSemaphoreRegistry;

/**
 * Builds, once per method (and target class), the {@link MethodPipeline} of an annotated method: resolves the
 * instance names ({@code ${...}} placeholders included) through the registries, parses the {@code @SingleFlight}
 * key, the duration strings, and finds the {@code @Fallback} method. Any mistake is reported as an
 * {@link InvalidResiliencyAnnotationException} naming the bean, the method and the attribute.
 *
 * <p>{@link ResiliencyAnnotationValidator} calls it for every annotated method of every singleton at start-up, so
 * misconfiguration fails start-up; other beans (lazy, prototype) are prepared on their first call.
 */
public class MethodPipelineFactory {

    private final CircuitBreakerRegistry circuitBreakers;
    private final SingleFlightRegistry singleFlights;
    private final RateLimiterRegistry rateLimiters;
    private final BulkheadRegistry bulkheads;
    private final WeightedSemaphoreRegistry semaphores;
    private final RetryRegistry retries;
    private final HedgedRegistry hedges;
    private final ResiliencyExecutors executors;
    private final PropertyResolver placeholders;
    private final ExpressionParser parser;
    private final PipelineListener listener;
    private final ConcurrentHashMap<MethodClassKey, MethodPipeline> prepared = new ConcurrentHashMap<>();
    private volatile ResiliencyObserver observer;

    /**
     * @param placeholders resolves {@code ${...}} in names and durations (the Environment)
     * @param parser       parses {@code @SingleFlight} keys; null for SpEL with compilation in mixed mode
     * @param listener     told each time a call enters a layer (tracing, diagnostics); null for none
     */
    public MethodPipelineFactory(CircuitBreakerRegistry circuitBreakers, SingleFlightRegistry singleFlights,
            RateLimiterRegistry rateLimiters, BulkheadRegistry bulkheads, WeightedSemaphoreRegistry semaphores,
            RetryRegistry retries, HedgedRegistry hedges, ResiliencyExecutors executors, PropertyResolver placeholders,
            ExpressionParser parser, PipelineListener listener) {
        this.circuitBreakers = Objects.requireNonNull(circuitBreakers, "circuitBreakers");
        this.singleFlights = Objects.requireNonNull(singleFlights, "singleFlights");
        this.rateLimiters = Objects.requireNonNull(rateLimiters, "rateLimiters");
        this.bulkheads = Objects.requireNonNull(bulkheads, "bulkheads");
        this.semaphores = Objects.requireNonNull(semaphores, "semaphores");
        this.retries = Objects.requireNonNull(retries, "retries");
        this.hedges = Objects.requireNonNull(hedges, "hedges");
        this.executors = Objects.requireNonNull(executors, "executors");
        this.placeholders = Objects.requireNonNull(placeholders, "placeholders");
        this.parser = parser != null ? parser
                : new SpelExpressionParser(new SpelParserConfiguration(SpelCompilerMode.MIXED, null));
        this.listener = listener;
    }

    /**
     * Sets the observer asked for a {@link CallObserver} of each method built from now on (tracing); null for none.
     */
    public void setObserver(ResiliencyObserver observer) {
        this.observer = observer;
    }

    /**
     * Prepares every annotated method of a bean's class.
     *
     * @throws InvalidResiliencyAnnotationException for the first misconfigured annotation
     */
    public void prepare(Class<?> targetClass, String beanName) {
        prepare(targetClass, beanName, null);
    }

    /**
     * Prepares every annotated method of a proxied bean's class, and fails on an annotated method that the proxy
     * cannot intercept (private, static, final with a class-based proxy, or absent from the interfaces of a JDK
     * proxy): Spring AOP would silently never apply its annotations.
     *
     * @param proxiedInterfaces the interfaces of a JDK dynamic proxy, or null for a class-based (CGLIB) proxy
     * @throws InvalidResiliencyAnnotationException for the first misconfigured or unreachable annotated method
     */
    public void prepare(Class<?> targetClass, String beanName, Class<?>[] proxiedInterfaces) {
        ReflectionUtils.doWithMethods(targetClass, method -> {
            InterceptionCheck.check(method, targetClass, beanName, proxiedInterfaces);
            pipeline(method, targetClass, beanName);
        }, method -> !method.isBridge() && !method.isSynthetic()
                && ResiliencyAnnotations.isAnnotated(method, targetClass));
    }

    /** The pipeline of {@code method} on {@code targetClass}, built on first request. */
    MethodPipeline pipeline(Method method, Class<?> targetClass, String beanName) {
        Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
        return this.prepared.computeIfAbsent(new MethodClassKey(specific, targetClass),
                key -> build(ResiliencyAnnotations.of(specific, targetClass), beanName));
    }

    private MethodPipeline build(ResiliencyAnnotations a, String beanName) {
        Method method = a.method();
        Site site = new Site(beanName, describe(method, a.targetClass()), defaultName(method, a.targetClass()));
        boolean async = isAsync(method, site, a.firstAnnotation());
        FallbackMethod fallback = null;
        if (a.fallback() != null) {
            try {
                fallback = FallbackMethod.resolve(method, a.targetClass(), a.fallback().method(), a.fallback().on(), async);
            }
            catch (IllegalArgumentException ex) {
                throw site.invalid("Fallback", "method", ex.getMessage(), ex);
            }
            checkFallbackTypes(site, a.fallback().on(), fallback);
        }
        Map<Layer, String> names = new EnumMap<>(Layer.class);
        if (a.fallback() != null) {
            names.put(Layer.FALLBACK, a.fallback().method());
        }
        if (!a.hasLayers()) {
            return new MethodPipeline(site.method, null, null, fallback, async, false, async, this.executors,
                    observer(site, method, a, names, async));
        }
        ResiliencePipeline.Builder pipeline = ResiliencePipeline.builder();
        KeyFunction key = null;
        if (a.circuitBreaker() != null) {
            CircuitBreaker breaker = instance(site, "CircuitBreaker",
                    this.circuitBreakers, a.circuitBreaker().name());
            names.put(Layer.CIRCUIT_BREAKER, breaker.name());
            pipeline.circuitBreaker(breaker);
        }
        if (a.singleFlight() != null) {
            SingleFlight flight = instance(site, "SingleFlight", this.singleFlights,
                    a.singleFlight().name());
            names.put(Layer.SINGLE_FLIGHT, flight.name());
            pipeline.singleFlight(flight);
            key = keyFunction(site, method, a.singleFlight().key());
        }
        if (a.rateLimiter() != null) {
            RateLimiter limiter = instance(site, "RateLimiter", this.rateLimiters, a.rateLimiter().name());
            int weight = a.rateLimiter().weight();
            if (weight < 1 || weight > limiter.burstSize()) {
                throw site.invalid("RateLimiter", "weight", weight < 1 ? "must be >= 1, got: " + weight
                        : "is " + weight + ", more than the burst size " + limiter.burstSize() + " of rate limiter '"
                                + limiter.name() + "': such a call could never be granted", null);
            }
            names.put(Layer.RATE_LIMITER, limiter.name());
            pipeline.rateLimiter(limiter, weight);
        }
        if (a.bulkhead() != null) {
            Bulkhead bulkhead = instance(site, "Bulkhead", this.bulkheads, a.bulkhead().name());
            names.put(Layer.BULKHEAD, bulkhead.name());
            Duration maxWait = duration(site, "Bulkhead", "maxWait", a.bulkhead().maxWait());
            if (maxWait != null) {
                pipeline.bulkhead(bulkhead, maxWait);
            }
            else {
                pipeline.bulkhead(bulkhead);
            }
        }
        if (a.weightedSemaphore() != null) {
            WeightedSemaphore semaphore = instance(site, "WeightedSemaphore", this.semaphores, a.weightedSemaphore().name());
            names.put(Layer.WEIGHTED_SEMAPHORE, semaphore.name());
            int weight = a.weightedSemaphore().weight();
            if (weight < 1 || weight > semaphore.max()) {
                throw site.invalid("WeightedSemaphore", "weight", weight < 1 ? "must be >= 1, got: " + weight
                        : "is " + weight + ", more than the max " + semaphore.max() + " of weighted semaphore '"
                                + semaphore.name() + "': such a call could never be granted", null);
            }
            Duration timeout = duration(site, "WeightedSemaphore", "timeout", a.weightedSemaphore().timeout());
            if (timeout != null) {
                pipeline.weightedSemaphore(semaphore, weight, timeout);
            }
            else {
                pipeline.weightedSemaphore(semaphore, weight);
            }
        }
        if (a.retry() != null) {
            BackoffRetry retry = instance(site, "Retry", this.retries, a.retry().name());
            names.put(Layer.RETRY, retry.name());
            pipeline.retry(retry);
        }
        if (a.hedged() != null) {
            Hedged hedged = instance(site, "Hedged", this.hedges, a.hedged().name());
            names.put(Layer.HEDGED, hedged.name());
            pipeline.hedged(hedged);
        }
        boolean repeats = a.retry() != null || a.hedged() != null;
        boolean otherThreads = async || a.hedged() != null;
        CallObserver observer = observer(site, method, a, names, async);
        PipelineListener listener = both(this.listener, observer);
        if (listener != null) {
            pipeline.listener(listener);
        }
        ResiliencePipeline built;
        try {
            built = pipeline.build();
        }
        catch (IllegalArgumentException ex) { // a rule the checks above missed: still name the method
            throw site.invalid(a.firstAnnotation(), null, ex.getMessage(), ex);
        }
        return new MethodPipeline(site.method, built, key, fallback, async, repeats, otherThreads, this.executors,
                observer);
    }

    /** Every type listed in {@code on} must be a failure the fallback can actually receive. */
    private static void checkFallbackTypes(Site site, Class<? extends Throwable>[] on, FallbackMethod fallback) {
        Class<?> accepted = fallback.failureType();
        for (Class<? extends Throwable> type : on) {
            if (Error.class.isAssignableFrom(type)) {
                throw site.invalid("Fallback", "on", "lists " + type.getName()
                        + ", an Error: errors always propagate, no fallback ever handles them", null);
            }
            if (!accepted.isAssignableFrom(type) && !type.isAssignableFrom(accepted)) {
                throw site.invalid("Fallback", "on", "lists " + type.getName() + ", but the fallback " + fallback
                        + " only takes a " + accepted.getName() + ": such a failure would never reach it", null);
            }
        }
    }

    private CallObserver observer(Site site, Method method, ResiliencyAnnotations a, Map<Layer, String> names,
            boolean async) {
        ResiliencyObserver observer = this.observer;
        return observer == null ? null
                : observer.observe(new ResilientMethod(site.defaultName, method, a.targetClass(), names, async));
    }

    private static PipelineListener both(PipelineListener first, PipelineListener second) {
        if (first == null || second == null) {
            return first != null ? first : second;
        }
        return layer -> {
            first.entered(layer);
            second.entered(layer);
        };
    }

    private <X> X instance(Site site, String annotation, InstanceRegistry<X, ?> registry, String rawName) {
        String name = rawName;
        if (!name.isEmpty()) {
            try {
                name = this.placeholders.resolveRequiredPlaceholders(name).trim();
            }
            catch (IllegalArgumentException ex) {
                throw site.invalid(annotation, "name", "'" + rawName + "': " + ex.getMessage(), ex);
            }
        }
        boolean named = !name.isEmpty();
        if (!named) {
            name = site.defaultName;
        }
        try {
            return registry.instance(name);
        }
        catch (ResiliencyConfigurationException ex) {
            throw site.invalid(annotation, named ? "name" : null,
                    (named ? "names" : "uses") + " " + registry.kind().replace('-', ' ') + " '" + name + "', which cannot be created: "
                            + ex.getMessage(), ex);
        }
    }

    private KeyFunction keyFunction(Site site, Method method, String source) {
        if (source.isBlank()) {
            return KeyFunction.methodAndArguments(method);
        }
        try {
            return SpelKeyFunction.of(method, source, this.parser);
        }
        catch (IllegalArgumentException ex) {
            throw site.invalid("SingleFlight", "key", ex.getMessage(), ex);
        }
    }

    private Duration duration(Site site, String annotation, String attribute, String raw) {
        if (raw.isBlank()) {
            return null;
        }
        String value;
        try {
            value = this.placeholders.resolveRequiredPlaceholders(raw).trim();
        }
        catch (IllegalArgumentException ex) {
            throw site.invalid(annotation, attribute, "'" + raw + "': " + ex.getMessage(), ex);
        }
        if (value.isEmpty()) {
            return null;
        }
        Duration duration;
        try {
            duration = DurationStyle.detectAndParse(value);
        }
        catch (IllegalArgumentException ex) {
            throw site.invalid(annotation, attribute, "is not a duration: '" + value
                    + "' (write e.g. 200ms, 2s, 1m or PT2S)", ex);
        }
        if (duration.isNegative()) {
            throw site.invalid(annotation, attribute, "must be >= 0, got: " + value, null);
        }
        return duration;
    }

    private static boolean isAsync(Method method, Site site, String annotation) {
        Class<?> type = method.getReturnType();
        if (!CompletionStage.class.isAssignableFrom(type)) {
            return false;
        }
        if (!type.isAssignableFrom(CompletableFuture.class)) {
            throw site.invalid(annotation, null, "returns " + type.getName()
                    + ": asynchronous methods must declare CompletionStage or CompletableFuture", null);
        }
        return true;
    }

    /** {@code SimpleClassName.methodName}: the instance name of an annotation without one. */
    static String defaultName(Method method, Class<?> targetClass) {
        return ClassUtils.getUserClass(targetClass).getSimpleName() + "." + method.getName();
    }

    /** {@code SimpleClassName.methodName(ParamType, ...)}, for messages. */
    static String describe(Method method, Class<?> targetClass) {
        StringBuilder description = new StringBuilder(ClassUtils.getUserClass(targetClass).getSimpleName())
                .append('.').append(method.getName()).append('(');
        Class<?>[] parameters = method.getParameterTypes();
        for (int i = 0; i < parameters.length; i++) {
            description.append(i > 0 ? ", " : "").append(parameters[i].getSimpleName());
        }
        return description.append(')').toString();
    }

    /** Where an annotation is: for error messages. */
    private record Site(String beanName, String method, String defaultName) {

        InvalidResiliencyAnnotationException invalid(String annotation, String attribute, String problem,
                Throwable cause) {
            return new InvalidResiliencyAnnotationException(annotation, this.beanName, this.method, attribute, problem,
                    cause);
        }
    }
}
