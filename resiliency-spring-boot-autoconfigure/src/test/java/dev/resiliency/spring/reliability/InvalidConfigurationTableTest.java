package dev.resiliency.spring.reliability;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.resiliency.spring.annotation.Bulkhead;
import dev.resiliency.spring.annotation.CircuitBreaker;
import dev.resiliency.spring.annotation.Fallback;
import dev.resiliency.spring.annotation.Hedged;
import dev.resiliency.spring.annotation.RateLimiter;
import dev.resiliency.spring.annotation.Retry;
import dev.resiliency.spring.annotation.SingleFlight;
import dev.resiliency.spring.annotation.WeightedSemaphore;
import dev.resiliency.spring.config.InvalidResiliencyAnnotationException;
import dev.resiliency.spring.config.InvalidResiliencyPropertyException;
import dev.resiliency.spring.config.ResiliencyAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One table of invalid configurations, properties and annotation attributes alike: each must stop start-up with a
 * message that names where the mistake is (the full property path, or the bean, method and attribute) and what is
 * wrong. The per-rule tests live beside each feature; this table is the whole surface in one place, with the values
 * people actually get wrong: NaN, infinities, typos in option names, a forgotten instance name, values that cannot
 * be converted, annotations Spring AOP could never apply.
 */
class InvalidConfigurationTableTest {

    /** One row: the configuration, then where the failure must point and what it must say. */
    record Case(String description, List<String> properties, Class<?> bean, boolean jdkProxy, Where where, String what) {

        @Override
        public String toString() {
            return this.description;
        }
    }

    /** A property path, or an annotation's bean, method and attribute. */
    sealed interface Where {
    }

    /** The failure names this property path (our own rule, or Spring's binder for a value it cannot convert). */
    record Path(String path) implements Where {
    }

    /** The failure names the annotation, the bean {@code orders}, the method and the attribute (null: the whole). */
    record Site(String annotation, String method, String attribute) implements Where {
    }

    static Stream<Case> invalidConfigurations() {
        List<Case> cases = new ArrayList<>();
        // --- circuit breaker properties
        property(cases, "circuit-breaker.orders.failure-rate-threshold=NaN",
                "circuit-breaker.orders.failure-rate-threshold", "must be between 0.0 and 1.0, got: NaN");
        property(cases, "circuit-breaker.orders.slow-call-rate-threshold=-0.5",
                "circuit-breaker.orders.slow-call-rate-threshold", "must be between 0.0 and 1.0, got: -0.5");
        property(cases, "circuit-breaker.orders.window-size=2000000", "circuit-breaker.orders.window-size",
                "must be <= 1000000, got: 2000000");
        property(cases, "circuit-breaker.orders.minimum-calls=0", "circuit-breaker.orders.minimum-calls",
                "must be >= 1, got: 0");
        property(cases, "circuit-breaker.orders.open-timeout=-1s", "circuit-breaker.orders.open-timeout",
                "must be > 0, got: -1s");
        property(cases, "circuit-breaker.orders.sliding-window-type=tumbling",
                "circuit-breaker.orders.sliding-window-type", "must be one of count, time, got: tumbling");
        property(cases, "circuit-breaker.orders.failure-rate-treshold=0.9",
                "circuit-breaker.orders.failure-rate-treshold",
                "unknown option of a circuit breaker (did you mean 'failure-rate-threshold'?)");
        property(cases, "circuit-breaker.orders.window-size=ten", "circuit-breaker.orders.window-size",
                "Failed to convert");
        property(cases, "circuit-breaker.orders.record-exceptions=java.io.IOException,com.acme.Missing",
                "circuit-breaker.orders.record-exceptions[1]", "unknown exception class 'com.acme.Missing'");
        property(cases, "circuit-breaker.orders.health-affects-status=perhaps",
                "circuit-breaker.orders.health-affects-status", "Invalid boolean value 'perhaps'");
        // --- retry properties
        property(cases, "retry.orders.max-attempts=-3", "retry.orders.max-attempts", "must be >= 1, got: -3");
        property(cases, "retry.orders.multiplier=NaN", "retry.orders.multiplier",
                "must be a finite number >= 1.0, got: NaN");
        property(cases, "retry.orders.jitter=2", "retry.orders.jitter", "must be between 0.0 and 1.0, got: 2.0");
        property(cases, "retry.orders.backoff=fibonaci", "retry.orders.backoff",
                "must be one of exponential, linear, constant, got: fibonaci");
        property(cases, "retry.orders.budget=-5s", "retry.orders.budget", "must be > 0, got: -5s");
        property(cases, "retry.orders.max-atempts=5", "retry.orders.max-atempts",
                "unknown option of a retry (did you mean 'max-attempts'?)");
        property(cases, "retry.orders.max-attempts[0]=5", "retry.orders.max-attempts[0]",
                "'max-attempts' takes a single value");
        property(cases, "retry.orders.retry-exceptions=java.lang.Runnable", "retry.orders.retry-exceptions[0]",
                "'java.lang.Runnable' is not an exception class");
        // --- hedged properties
        property(cases, "hedged.orders.percentile=NaN", "hedged.orders.percentile",
                "must be between 0.0 and 100.0, got: NaN");
        properties(cases, List.of("hedged.orders.min-delay=10ms", "hedged.orders.max-delay=5ms"),
                "hedged.orders.max-delay", "must be >= min-delay (10ms), got: 5ms");
        property(cases, "hedged.orders.token-max=Infinity", "hedged.orders.token-max",
                "must be a finite number >= 0, got: Infinity");
        property(cases, "hedged.orders.max-requests=-1", "hedged.orders.max-requests", "must be >= 1, got: -1");
        property(cases, "hedged.orders.buffer-size=-5", "hedged.orders.buffer-size", "must be >= 1, got: -5");
        property(cases, "hedged.orders.non-fatal-exceptions=java.lang.Thread", "hedged.orders.non-fatal-exceptions[0]",
                "'java.lang.Thread' is not an exception class");
        property(cases, "hedged.orders.timout=2s", "hedged.orders.timout",
                "unknown option of a hedged policy (did you mean 'timeout'?)");
        // --- bulkhead, rate limiter, weighted semaphore, single-flight properties
        property(cases, "bulkhead.orders.max-concurrent=-2", "bulkhead.orders.max-concurrent", "must be >= 0, got: -2");
        property(cases, "bulkhead.orders.max-wait=forever", "bulkhead.orders.max-wait", "Failed to convert");
        property(cases, "bulkhead.orders.max-concurent=5", "bulkhead.orders.max-concurent",
                "unknown option of a bulkhead (did you mean 'max-concurrent'?)");
        property(cases, "bulkhead.default.max-wait=-1ms", "bulkhead.default.max-wait", "must be >= 0, got: -1ms");
        property(cases, "bulkhead.max-concurrent=5", "bulkhead.max-concurrent",
                "expected the options of an instance (a map, or {} for none), got: '5'");
        property(cases, "rate-limiter.orders.rate=NaN", "rate-limiter.orders.rate", "got: NaN");
        property(cases, "rate-limiter.orders.rate=1e-300", "rate-limiter.orders.rate", "must be at most 73 years");
        properties(cases, List.of("rate-limiter.orders.rate=10", "rate-limiter.orders.burst-size=-1"),
                "rate-limiter.orders.burst-size", "must be >= 1, got: -1");
        property(cases, "rate-limiter.orders.burst-size=10", "rate-limiter.orders.rate", "is required");
        property(cases, "weighted-semaphore.orders.max=-1", "weighted-semaphore.orders.max", "must be >= 1, got: -1");
        property(cases, "single-flight.orders.timeout=1s", "single-flight.orders.timeout",
                "unknown option of a single-flight group");
        property(cases, "single-flight.orders.on-backend-failure=retry", "single-flight.orders.on-backend-failure",
                "must be one of local, reject, got: retry");
        properties(cases, List.of("rate-limiter.orders.rate=10", "rate-limiter.orders.backend=redis"),
                "rate-limiter.orders.backend", "'redis' is not available: no module on the classpath provides it");

        // --- annotation attributes
        annotation(cases, UnresolvableName.class, "CircuitBreaker", "UnresolvableName.place(String)", "name",
                "Could not resolve placeholder 'orders.breaker'");
        annotation(cases, RateLimiterWithoutRate.class, "RateLimiter", "RateLimiterWithoutRate.place(String)", "name",
                "resiliency.rate-limiter.unconfigured.rate: is required");
        annotation(cases, ZeroRateLimiterWeight.class, List.of("resiliency.rate-limiter.orders.rate=10"),
                "RateLimiter", "ZeroRateLimiterWeight.place(String)", "weight", "must be >= 1, got: 0");
        annotation(cases, RateLimiterWeightAboveBurst.class, List.of("resiliency.rate-limiter.orders.rate=10"),
                "RateLimiter", "RateLimiterWeightAboveBurst.place(String)", "weight",
                "is 11, more than the burst size 10");
        annotation(cases, NegativeMaxWait.class, "Bulkhead", "NegativeMaxWait.place(String)", "maxWait",
                "must be >= 0, got: -2s");
        annotation(cases, UnparsableMaxWait.class, "Bulkhead", "UnparsableMaxWait.place(String)", "maxWait",
                "is not a duration: 'two seconds'");
        annotation(cases, ZeroSemaphoreWeight.class, "WeightedSemaphore", "ZeroSemaphoreWeight.place(String)",
                "weight", "must be >= 1, got: 0");
        annotation(cases, SemaphoreWeightAboveMax.class, List.of("resiliency.weighted-semaphore.orders.max=4"),
                "WeightedSemaphore", "SemaphoreWeightAboveMax.place(String)", "weight", "is 5, more than the max 4");
        annotation(cases, NegativeSemaphoreTimeout.class, "WeightedSemaphore",
                "NegativeSemaphoreTimeout.place(String)", "timeout", "must be >= 0, got: -5ms");
        annotation(cases, UnresolvableTimeout.class, "WeightedSemaphore", "UnresolvableTimeout.place(String)",
                "timeout", "Could not resolve placeholder 'orders.timeout'");
        annotation(cases, KeyNamingAnUnknownParameter.class, "SingleFlight",
                "KeyNamingAnUnknownParameter.place(String)", "key", "#order");
        annotation(cases, UnparsableKey.class, "SingleFlight", "UnparsableKey.place(String)", "key", "#sku.");
        annotation(cases, MissingFallback.class, "Fallback", "MissingFallback.place(String)", "method",
                "names 'missing', but MissingFallback has no method missing(String)");
        annotation(cases, EmptyFallback.class, "Fallback", "EmptyFallback.place(String)", "method", "is empty");
        annotation(cases, FallbackOfAnotherType.class, "Fallback", "FallbackOfAnotherType.place(String)", "method",
                "returns Integer, not assignable to String");
        annotation(cases, FallbackThatNeverReceivesOn.class, "Fallback", "FallbackThatNeverReceivesOn.place(String)",
                "on", "lists java.util.concurrent.TimeoutException, but the fallback degraded(String, IOException) "
                        + "only takes a java.io.IOException");
        annotation(cases, FallbackOnAnError.class, "Fallback", "FallbackOnAnError.place(String)", "on",
                "lists java.lang.OutOfMemoryError, an Error");
        annotation(cases, RetryOnAPrivateMethod.class, "Retry", "RetryOnAPrivateMethod.place(String)", null,
                "is private: a Spring proxy cannot intercept it");
        annotation(cases, BreakerOnAFinalMethod.class, "CircuitBreaker", "BreakerOnAFinalMethod.place(String)", null,
                "is final: the class-based proxy cannot override it");
        annotation(cases, HedgedOnAStaticMethod.class, "Hedged", "HedgedOnAStaticMethod.place(String)", null,
                "is static");
        annotation(cases, UnsupportedFutureType.class, "Bulkhead", "UnsupportedFutureType.place(String)", null,
                "asynchronous methods must declare CompletionStage or CompletableFuture");
        cases.add(new Case("@CircuitBreaker on a method missing from the interface of a JDK proxy",
                List.of("spring.aop.proxy-target-class=false"), NotOnTheInterface.class, true,
                new Site("CircuitBreaker", "NotOnTheInterface.cancel(String)", null),
                "is not declared on an interface of the bean"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidConfigurations")
    void invalidConfigurationStopsStartUpNamingWhereAndWhat(Case invalid) {
        ApplicationContextRunner runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, ResiliencyAutoConfiguration.class))
                .withPropertyValues(invalid.properties().toArray(String[]::new));
        if (invalid.bean() != null) {
            runner = runner.withBean("orders", invalid.bean());
        }
        runner.run(context -> {
            assertThat(context).as(invalid.description()).hasFailed();
            Throwable failure = context.getStartupFailure();
            if (invalid.where() instanceof Path path) {
                InvalidResiliencyPropertyException ours = find(failure, InvalidResiliencyPropertyException.class);
                if (ours != null) {
                    assertThat(ours.propertyPath()).isEqualTo(path.path());
                    assertThat(ours.getMessage()).startsWith(path.path() + ": ").contains(invalid.what());
                }
                else { // a value Spring's binder cannot convert: its message names the property
                    assertThat(messages(failure)).contains("Failed to bind properties under '" + path.path() + "'")
                            .contains(invalid.what());
                }
            }
            else if (invalid.where() instanceof Site site) {
                InvalidResiliencyAnnotationException ours = find(failure, InvalidResiliencyAnnotationException.class);
                assertThat(ours).as("an InvalidResiliencyAnnotationException in " + messages(failure)).isNotNull();
                assertThat(ours.annotation()).isEqualTo(site.annotation());
                assertThat(ours.beanName()).isEqualTo("orders");
                assertThat(ours.method()).isEqualTo(site.method());
                assertThat(ours.attribute()).isEqualTo(site.attribute());
                assertThat(ours.getMessage()).startsWith("Invalid @" + site.annotation() + " on bean 'orders' method '"
                        + site.method() + "': " + (site.attribute() != null ? "attribute '" + site.attribute() + "' " : ""))
                        .contains(invalid.what());
            }
        });
    }

    // --- the table's vocabulary -----------------------------------------------------------------------------

    private static void property(List<Case> cases, String property, String path, String what) {
        properties(cases, List.of(property), path, what);
    }

    private static void properties(List<Case> cases, List<String> properties, String path, String what) {
        List<String> full = properties.stream().map(p -> "resiliency." + p).toList();
        cases.add(new Case(String.join(", ", full), full, null, false, new Path("resiliency." + path), what));
    }

    private static void annotation(List<Case> cases, Class<?> bean, String annotation, String method, String attribute,
            String what) {
        annotation(cases, bean, List.of(), annotation, method, attribute, what);
    }

    private static void annotation(List<Case> cases, Class<?> bean, List<String> properties, String annotation,
            String method, String attribute, String what) {
        cases.add(new Case("@" + annotation + (attribute != null ? "(" + attribute + ")" : "") + " on "
                + bean.getSimpleName(), properties, bean, false, new Site(annotation, method, attribute), what));
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable current = failure; current != null; current = current.getCause()) {
            if (type.isInstance(current)) {
                return type.cast(current);
            }
        }
        return null;
    }

    private static String messages(Throwable failure) {
        StringBuilder messages = new StringBuilder();
        for (Throwable current = failure; current != null; current = current.getCause()) {
            messages.append(current.getMessage()).append('\n');
        }
        return messages.toString();
    }

    // --- misconfigured beans: each is registered as bean 'orders' ------------------------------------------

    public static class UnresolvableName {
        @CircuitBreaker("${orders.breaker}")
        public String place(String sku) {
            return sku;
        }
    }

    public static class RateLimiterWithoutRate {
        @RateLimiter("unconfigured")
        public String place(String sku) {
            return sku;
        }
    }

    public static class ZeroRateLimiterWeight {
        @RateLimiter(value = "orders", weight = 0)
        public String place(String sku) {
            return sku;
        }
    }

    public static class RateLimiterWeightAboveBurst {
        @RateLimiter(value = "orders", weight = 11)
        public String place(String sku) {
            return sku;
        }
    }

    public static class NegativeMaxWait {
        @Bulkhead(value = "orders", maxWait = "-2s")
        public String place(String sku) {
            return sku;
        }
    }

    public static class UnparsableMaxWait {
        @Bulkhead(value = "orders", maxWait = "two seconds")
        public String place(String sku) {
            return sku;
        }
    }

    public static class ZeroSemaphoreWeight {
        @WeightedSemaphore(value = "orders", weight = 0)
        public String place(String sku) {
            return sku;
        }
    }

    public static class SemaphoreWeightAboveMax {
        @WeightedSemaphore(value = "orders", weight = 5)
        public String place(String sku) {
            return sku;
        }
    }

    /** Zero is valid (the permits only if free now); a negative wait is not. */
    public static class NegativeSemaphoreTimeout {
        @WeightedSemaphore(value = "orders", timeout = "-5ms")
        public String place(String sku) {
            return sku;
        }
    }

    public static class UnresolvableTimeout {
        @WeightedSemaphore(value = "orders", timeout = "${orders.timeout}")
        public String place(String sku) {
            return sku;
        }
    }

    public static class KeyNamingAnUnknownParameter {
        @SingleFlight(value = "orders", key = "#order")
        public String place(String sku) {
            return sku;
        }
    }

    public static class UnparsableKey {
        @SingleFlight(value = "orders", key = "#sku.")
        public String place(String sku) {
            return sku;
        }
    }

    public static class MissingFallback {
        @Fallback("missing")
        public String place(String sku) {
            return sku;
        }
    }

    public static class EmptyFallback {
        @Fallback(method = "")
        public String place(String sku) {
            return sku;
        }
    }

    public static class FallbackOfAnotherType {
        @Fallback("degraded")
        public String place(String sku) {
            return sku;
        }

        Integer degraded(String sku) {
            return 0;
        }
    }

    public static class FallbackThatNeverReceivesOn {
        @Fallback(method = "degraded", on = TimeoutException.class)
        public String place(String sku) {
            return sku;
        }

        String degraded(String sku, IOException failure) {
            return "degraded";
        }
    }

    public static class FallbackOnAnError {
        @Fallback(method = "degraded", on = OutOfMemoryError.class)
        public String place(String sku) {
            return sku;
        }

        String degraded(String sku) {
            return "degraded";
        }
    }

    public static class RetryOnAPrivateMethod {
        public String call(String sku) {
            return place(sku);
        }

        @Retry("orders")
        private String place(String sku) {
            return sku;
        }
    }

    public static class BreakerOnAFinalMethod {
        @CircuitBreaker("orders")
        public final String place(String sku) {
            return sku;
        }
    }

    public static class HedgedOnAStaticMethod {
        @Hedged("orders")
        public static String place(String sku) {
            return sku;
        }
    }

    /** A future type the advisor cannot produce (only CompletionStage or CompletableFuture). */
    public static class OrderFuture extends CompletableFuture<String> {
    }

    public static class UnsupportedFutureType {
        @Bulkhead("orders")
        public OrderFuture place(String sku) {
            return new OrderFuture();
        }
    }

    public interface OrderApi {
        String place(String sku);
    }

    public static class NotOnTheInterface implements OrderApi {
        @Override
        public String place(String sku) {
            return sku;
        }

        @CircuitBreaker("orders")
        public String cancel(String sku) {
            return sku;
        }
    }
}
