package dev.resiliency.spring.config;

import java.beans.PropertyDescriptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.BeanUtils;
import org.springframework.beans.PropertyAccessorFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.resiliency.circuitbreaker.CircuitBreaker;
import dev.resiliency.circuitbreaker.CircuitBreakerConfig;
import dev.resiliency.circuitbreaker.SlidingWindowType;
import dev.resiliency.spring.registry.BulkheadRegistry;
import dev.resiliency.spring.registry.CircuitBreakerRegistry;
import dev.resiliency.spring.registry.HedgedRegistry;
import dev.resiliency.spring.registry.InstanceRegistry;
import dev.resiliency.spring.registry.RateLimiterRegistry;
import dev.resiliency.spring.registry.RetryRegistry;
import dev.resiliency.spring.registry.SingleFlightRegistry;
import dev.resiliency.spring.registry.WeightedSemaphoreRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/** Every property is bound, defaulted and inherited from {@code default}; the metadata documents each of them. */
class ResiliencyPropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ResiliencyAutoConfiguration.class));

    static Stream<PropertyCatalog.Entry> properties() {
        return PropertyCatalog.entries().stream();
    }

    /** Binds {@code resiliency.*} the way Spring Boot does, without a whole context (fast: one per property). */
    private static ResiliencyProperties bind(String... values) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String value : values) {
            int equals = value.indexOf('=');
            map.put(value.substring(0, equals), value.substring(equals + 1));
        }
        Binder binder = new Binder(List.of(new MapConfigurationPropertySource(map)), null,
                ApplicationConversionService.getSharedInstance());
        return binder.bindOrCreate(ResiliencyProperties.PREFIX, ResiliencyProperties.class);
    }

    private static InstanceRegistry<?, ?> registry(ResiliencyProperties properties, String kind) {
        return switch (kind) {
            case "circuit-breaker" -> new CircuitBreakerRegistry(properties.getCircuitBreaker());
            case "retry" -> new RetryRegistry(properties.getRetry());
            case "hedged" -> new HedgedRegistry(properties.getHedged());
            case "bulkhead" -> new BulkheadRegistry(properties.getBulkhead());
            case "weighted-semaphore" -> new WeightedSemaphoreRegistry(properties.getWeightedSemaphore());
            case "rate-limiter" -> new RateLimiterRegistry(properties.getRateLimiter());
            case "single-flight" -> new SingleFlightRegistry(properties.getSingleFlight());
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static Object effective(InstanceRegistry<?, ?> registry, PropertyCatalog.Entry entry, String name) {
        return PropertyAccessorFactory.forBeanPropertyAccess(registry.properties(name))
                .getPropertyValue(entry.camelCase());
    }

    /** A rate limiter cannot be created without a rate, so give named rate limiters one. */
    private static String[] withRequired(PropertyCatalog.Entry entry, String name, String... values) {
        List<String> all = new ArrayList<>(List.of(values));
        if (entry.kind().equals("rate-limiter") && !entry.key().equals("rate")) {
            all.add("resiliency.rate-limiter." + name + ".rate=7.0");
        }
        return all.toArray(String[]::new);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("properties")
    void everyPropertyBindsOnANamedInstance(PropertyCatalog.Entry entry) {
        InstanceRegistry<?, ?> registry = registry(bind(withRequired(entry, "inventory",
                "resiliency." + entry.kind() + ".inventory." + entry.key() + "=" + entry.sample())), entry.kind());

        assertThat(effective(registry, entry, "inventory")).isEqualTo(entry.sampleValue());
        assertThat(effective(registry, entry, "other")).isNull();
        assertThat(registry.find("inventory")).as("created at start-up").isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("properties")
    void everyPropertyIsInheritedFromDefault(PropertyCatalog.Entry entry) {
        InstanceRegistry<?, ?> registry = registry(bind(withRequired(entry, "inventory",
                "resiliency." + entry.kind() + ".default." + entry.key() + "=" + entry.sample(),
                "resiliency." + entry.kind() + ".inventory.unused-by-this-test=x")), entry.kind());

        assertThat(effective(registry, entry, "inventory")).isEqualTo(entry.sampleValue());
        assertThat(effective(registry, entry, "never-configured")).isEqualTo(entry.sampleValue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("properties")
    void namedValueWinsOverDefault(PropertyCatalog.Entry entry) {
        InstanceRegistry<?, ?> registry = registry(bind(withRequired(entry, "inventory",
                "resiliency." + entry.kind() + ".default." + entry.key() + "=" + entry.sample(),
                "resiliency." + entry.kind() + ".inventory." + entry.key() + "="
                        + (entry.defaultValue() != null ? entry.defaultValue() : entry.sample()))), entry.kind());

        Object expected = entry.defaultValue() != null ? entry.typedDefault() : entry.sampleValue();
        assertThat(effective(registry, entry, "inventory")).isEqualTo(expected);
    }

    @Test
    void everyPropertyBindsInARealContextToo() {
        List<String> values = new ArrayList<>();
        for (PropertyCatalog.Entry entry : PropertyCatalog.entries()) {
            values.add("resiliency." + entry.kind() + ".inventory." + entry.key() + "=" + entry.sample());
        }
        this.runner.withPropertyValues(values.toArray(String[]::new)).run(context -> {
            assertThat(context).hasNotFailed();
            for (PropertyCatalog.Entry entry : PropertyCatalog.entries()) {
                InstanceRegistry<?, ?> registry = switch (entry.kind()) {
                    case "circuit-breaker" -> context.getBean(CircuitBreakerRegistry.class);
                    case "retry" -> context.getBean(RetryRegistry.class);
                    case "hedged" -> context.getBean(HedgedRegistry.class);
                    case "bulkhead" -> context.getBean(BulkheadRegistry.class);
                    case "weighted-semaphore" -> context.getBean(WeightedSemaphoreRegistry.class);
                    default -> context.getBean(RateLimiterRegistry.class);
                };
                assertThat(effective(registry, entry, "inventory")).as(entry.toString()).isEqualTo(entry.sampleValue());
            }
        });
    }

    @Test
    void metadataDescribesEveryPropertyOfEveryKind() {
        Map<String, Class<?>> kinds = Map.of("circuit-breaker", CircuitBreakerProperties.class, "retry",
                RetryProperties.class, "hedged", HedgedProperties.class, "bulkhead", BulkheadProperties.class,
                "weighted-semaphore", WeightedSemaphoreProperties.class, "rate-limiter", RateLimiterProperties.class,
                "single-flight", SingleFlightProperties.class);
        Set<String> documented = PropertyCatalog.entries().stream().map(PropertyCatalog.Entry::toString)
                .collect(Collectors.toSet());
        Set<String> declared = kinds.entrySet().stream()
                .flatMap(kind -> Stream.of(BeanUtils.getPropertyDescriptors(kind.getValue()))
                        .map(PropertyDescriptor::getName).filter(name -> !name.equals("class"))
                        .map(name -> kind.getKey() + "." + kebab(name)))
                .collect(Collectors.toSet());
        assertThat(documented).isEqualTo(declared);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("properties")
    void metadataDefaultsAreTheDefaultConstants(PropertyCatalog.Entry entry) throws Exception {
        Class<?> type = Class.forName(PropertyCatalog.class.getPackageName() + "." + switch (entry.kind()) {
            case "circuit-breaker" -> "CircuitBreakerProperties";
            case "retry" -> "RetryProperties";
            case "hedged" -> "HedgedProperties";
            case "bulkhead" -> "BulkheadProperties";
            case "weighted-semaphore" -> "WeightedSemaphoreProperties";
            case "single-flight" -> "SingleFlightProperties";
            default -> "RateLimiterProperties";
        });
        String constant = "DEFAULT_" + entry.key().replace('-', '_').toUpperCase(java.util.Locale.ROOT);
        boolean hasConstant = Stream.of(type.getFields()).anyMatch(field -> field.getName().equals(constant));
        if (entry.defaultValue() == null) {
            assertThat(hasConstant).as("no metadata default but a constant %s", constant).isFalse();
            return;
        }
        Object value = type.getField(constant).get(null);
        if (value instanceof Number number && !(value instanceof Double)) {
            value = number.intValue();
        }
        assertThat(value).isEqualTo(entry.typedDefault());
    }

    @Test
    void configuredValuesReachTheCircuitBreaker() {
        this.runner.withPropertyValues("resiliency.circuit-breaker.inventory.sliding-window-type=time",
                "resiliency.circuit-breaker.inventory.window-size=30",
                "resiliency.circuit-breaker.inventory.minimum-calls=5",
                "resiliency.circuit-breaker.inventory.failure-rate-threshold=0.25",
                "resiliency.circuit-breaker.inventory.slow-call-threshold=2s",
                "resiliency.circuit-breaker.inventory.slow-call-rate-threshold=0.75",
                "resiliency.circuit-breaker.inventory.open-timeout=30s",
                "resiliency.circuit-breaker.inventory.permitted-calls-in-half-open=3")
                .run(context -> {
                    CircuitBreaker breaker = context.getBean(CircuitBreakerRegistry.class).instance("inventory");
                    assertThat(breaker.config()).isEqualTo(new CircuitBreakerConfig(SlidingWindowType.TIME, 30, 5,
                            0.25, Duration.ofSeconds(2), 0.75, Duration.ofSeconds(30), 3));
                });
    }

    @Test
    void unconfiguredCircuitBreakerHasTheDocumentedDefaults() {
        this.runner.run(context -> {
            CircuitBreakerConfig config = context.getBean(CircuitBreakerRegistry.class).instance("x").config();
            assertThat(config.slidingWindowType()).isEqualTo(SlidingWindowType.COUNT);
            assertThat(config.windowSize()).isEqualTo(CircuitBreakerProperties.DEFAULT_WINDOW_SIZE);
            assertThat(config.minimumCalls()).isEqualTo(CircuitBreakerProperties.DEFAULT_MINIMUM_CALLS);
            assertThat(config.failureRateThreshold()).isEqualTo(CircuitBreakerProperties.DEFAULT_FAILURE_RATE_THRESHOLD);
            assertThat(config.slowCallRateThreshold()).isEqualTo(CircuitBreakerProperties.DEFAULT_SLOW_CALL_RATE_THRESHOLD);
            assertThat(config.openTimeout()).isEqualTo(CircuitBreakerProperties.DEFAULT_OPEN_TIMEOUT);
            assertThat(config.permittedCallsInHalfOpen()).isEqualTo(CircuitBreakerProperties.DEFAULT_PERMITTED_CALLS_IN_HALF_OPEN);
        });
    }

    @Test
    void configuredValuesReachRetryHedgedBulkheadSemaphoreAndRateLimiter() {
        this.runner.withPropertyValues("resiliency.retry.search.max-attempts=5",
                "resiliency.retry.search.budget=8s",
                "resiliency.hedged.search.delay=20ms", "resiliency.hedged.search.max-requests=3",
                "resiliency.hedged.search.timeout=2s", "resiliency.hedged.search.primary-on-caller-thread=true",
                "resiliency.bulkhead.payments.max-concurrent=15", "resiliency.bulkhead.payments.max-wait=3s",
                "resiliency.weighted-semaphore.gateway.max=20",
                "resiliency.rate-limiter.api.rate=100", "resiliency.rate-limiter.api.burst-size=10",
                "resiliency.rate-limiter.api.max-wait=50ms")
                .run(context -> {
                    assertThat(context.getBean(RetryRegistry.class).instance("search").maxAttempts()).isEqualTo(5);
                    assertThat(context.getBean(RetryRegistry.class).instance("search").budget())
                            .contains(Duration.ofSeconds(8));
                    var hedged = context.getBean(HedgedRegistry.class).instance("search");
                    assertThat(hedged.adaptive()).isFalse();
                    assertThat(hedged.maxRequests()).isEqualTo(3);
                    assertThat(hedged.timeout()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(hedged.primaryOnCallerThread()).isTrue();
                    var bulkhead = context.getBean(BulkheadRegistry.class).instance("payments");
                    assertThat(bulkhead.maxConcurrent()).isEqualTo(15);
                    assertThat(bulkhead.maxWait()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(context.getBean(WeightedSemaphoreRegistry.class).instance("gateway").max()).isEqualTo(20);
                    var limiter = context.getBean(RateLimiterRegistry.class).instance("api");
                    assertThat(limiter.rate()).isEqualTo(100.0);
                    assertThat(limiter.burstSize()).isEqualTo(10);
                    assertThat(limiter.maxWait()).isEqualTo(Duration.ofMillis(50));
                });
    }

    @Test
    void unconfiguredInstancesHaveTheDocumentedDefaults() {
        this.runner.withPropertyValues("resiliency.rate-limiter.default.rate=2.5").run(context -> {
            assertThat(context.getBean(RetryRegistry.class).instance("x").maxAttempts())
                    .isEqualTo(RetryProperties.DEFAULT_MAX_ATTEMPTS);
            assertThat(context.getBean(RetryRegistry.class).instance("x").budget()).isEmpty();
            var hedged = context.getBean(HedgedRegistry.class).instance("x");
            assertThat(hedged.adaptive()).isTrue();
            assertThat(hedged.maxRequests()).isEqualTo(HedgedProperties.DEFAULT_MAX_REQUESTS);
            assertThat(hedged.timeout()).isEqualTo(HedgedProperties.DEFAULT_TIMEOUT);
            assertThat(hedged.primaryOnCallerThread()).isEqualTo(HedgedProperties.DEFAULT_PRIMARY_ON_CALLER_THREAD);
            var bulkhead = context.getBean(BulkheadRegistry.class).instance("x");
            assertThat(bulkhead.maxConcurrent()).isEqualTo(BulkheadProperties.DEFAULT_MAX_CONCURRENT);
            assertThat(bulkhead.maxWait()).isEqualTo(BulkheadProperties.DEFAULT_MAX_WAIT);
            assertThat(context.getBean(WeightedSemaphoreRegistry.class).instance("x").max())
                    .isEqualTo(WeightedSemaphoreProperties.DEFAULT_MAX);
            var limiter = context.getBean(RateLimiterRegistry.class).instance("x");
            assertThat(limiter.rate()).isEqualTo(2.5);
            assertThat(limiter.burstSize()).isEqualTo(3); // ceil(rate): one second's worth
            assertThat(limiter.maxWait()).isEqualTo(RateLimiterProperties.DEFAULT_MAX_WAIT);
        });
    }

    @Test
    void healthAffectsStatusDefaultsToFalseAndIsInherited() {
        this.runner.withPropertyValues("resiliency.circuit-breaker.default.health-affects-status=true",
                "resiliency.circuit-breaker.catalog.health-affects-status=false",
                "resiliency.bulkhead.payments.health-affects-status=true")
                .run(context -> {
                    CircuitBreakerRegistry breakers = context.getBean(CircuitBreakerRegistry.class);
                    assertThat(breakers.healthAffectsStatus("catalog")).isFalse();
                    assertThat(breakers.healthAffectsStatus("payments")).isTrue();
                    BulkheadRegistry bulkheads = context.getBean(BulkheadRegistry.class);
                    assertThat(bulkheads.healthAffectsStatus("payments")).isTrue();
                    assertThat(bulkheads.healthAffectsStatus("other")).isFalse();
                    assertThat(context.getBean(WeightedSemaphoreRegistry.class).healthAffectsStatus("x")).isFalse();
                });
    }

    @Test
    void yamlFromTheDesignBinds() {
        new ApplicationContextRunner().withInitializer(new ConfigDataApplicationContextInitializer())
                .withPropertyValues("spring.config.location=classpath:single-flight-empty.yml")
                .withConfiguration(AutoConfigurations.of(ResiliencyAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    // YAML drops empty maps, so "inventory: {}" is created on first use, with the same options
                    assertThat(context.getBean(SingleFlightRegistry.class).instance("inventory").name())
                            .isEqualTo("inventory");
                    CircuitBreakerRegistry breakers = context.getBean(CircuitBreakerRegistry.class);
                    assertThat(breakers.instance("inventory").config().minimumCalls()).isEqualTo(20);
                    assertThat(breakers.instance("inventory").config().failureRateThreshold()).isEqualTo(0.25);
                    RetryProperties retry = context.getBean(RetryRegistry.class).properties("inventory");
                    assertThat(retry.getRetryExceptions()).containsExactly("java.io.IOException");
                    assertThat(retry.getBudget()).isEqualTo(Duration.ofSeconds(8));
                });
    }

    @Test
    void instanceDeclaredWithAnEmptyValueIsCreatedAtStartUp() {
        this.runner.withPropertyValues("resiliency.single-flight.inventory=", "resiliency.bulkhead.payments=")
                .run(context -> {
                    assertThat(context.getBean(SingleFlightRegistry.class).find("inventory")).isPresent();
                    assertThat(context.getBean(BulkheadRegistry.class).find("payments")).isPresent();
                });
    }

    @Test
    void instanceDeclaredWithAScalarValueFailsStartUp() {
        this.runner.withPropertyValues("resiliency.bulkhead.payments=15").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessageContaining("expected the options of an instance"));
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
    }
}
