package dev.resiliency.spring.config;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every rule of every option stops start-up with the full property path and the rule. */
class ResiliencyPropertiesValidationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ResiliencyAutoConfiguration.class));

    static Stream<Arguments> invalidValues() {
        List<Arguments> cases = new ArrayList<>();
        // circuit breaker
        cases.add(arguments("circuit-breaker.inventory.failure-rate-threshold=1.5",
                "resiliency.circuit-breaker.inventory.failure-rate-threshold", "must be between 0.0 and 1.0, got: 1.5"));
        cases.add(arguments("circuit-breaker.inventory.failure-rate-threshold=-0.1",
                "resiliency.circuit-breaker.inventory.failure-rate-threshold", "must be between 0.0 and 1.0, got: -0.1"));
        cases.add(arguments("circuit-breaker.inventory.slow-call-rate-threshold=1.01",
                "resiliency.circuit-breaker.inventory.slow-call-rate-threshold", "must be between 0.0 and 1.0, got: 1.01"));
        cases.add(arguments("circuit-breaker.inventory.window-size=0",
                "resiliency.circuit-breaker.inventory.window-size", "must be >= 1, got: 0"));
        cases.add(arguments("circuit-breaker.inventory.minimum-calls=-3",
                "resiliency.circuit-breaker.inventory.minimum-calls", "must be >= 1, got: -3"));
        cases.add(arguments("circuit-breaker.inventory.permitted-calls-in-half-open=0",
                "resiliency.circuit-breaker.inventory.permitted-calls-in-half-open", "must be >= 1, got: 0"));
        cases.add(arguments("circuit-breaker.inventory.open-timeout=0s",
                "resiliency.circuit-breaker.inventory.open-timeout", "must be > 0, got: 0s"));
        cases.add(arguments("circuit-breaker.inventory.slow-call-threshold=-1s",
                "resiliency.circuit-breaker.inventory.slow-call-threshold", "must be >= 0, got: -1s"));
        cases.add(arguments("circuit-breaker.inventory.sliding-window-type=sliding",
                "resiliency.circuit-breaker.inventory.sliding-window-type", "must be one of count, time, got: sliding"));
        cases.add(arguments("circuit-breaker.inventory.record-exceptions=java.io.IOExceptio",
                "resiliency.circuit-breaker.inventory.record-exceptions[0]", "unknown exception class 'java.io.IOExceptio'"));
        cases.add(arguments("circuit-breaker.inventory.ignore-exceptions=java.io.IOException,java.lang.String",
                "resiliency.circuit-breaker.inventory.ignore-exceptions[1]", "'java.lang.String' is not an exception class"));
        // retry
        cases.add(arguments("retry.search.max-attempts=0", "resiliency.retry.search.max-attempts", "must be >= 1, got: 0"));
        cases.add(arguments("retry.search.backoff=fibonacci", "resiliency.retry.search.backoff",
                "must be one of exponential, linear, constant, got: fibonacci"));
        cases.add(arguments("retry.search.base-delay=-1ms", "resiliency.retry.search.base-delay", "must be >= 0, got: -1ms"));
        cases.add(arguments("retry.search.max-delay=-2s", "resiliency.retry.search.max-delay", "must be >= 0, got: -2s"));
        cases.add(arguments("retry.search.multiplier=0.5", "resiliency.retry.search.multiplier", "0.5"));
        cases.add(arguments("retry.search.increment=-1ms", "resiliency.retry.search.increment", "must be >= 0, got: -1ms"));
        cases.add(arguments("retry.search.jitter=1.5", "resiliency.retry.search.jitter", "must be between 0.0 and 1.0, got: 1.5"));
        cases.add(arguments("retry.search.budget=0s", "resiliency.retry.search.budget", "must be > 0, got: 0s"));
        cases.add(arguments("retry.search.retry-exceptions=com.example.Nope", "resiliency.retry.search.retry-exceptions[0]",
                "unknown exception class 'com.example.Nope'"));
        cases.add(arguments("retry.search.ignore-exceptions=java.lang.Object", "resiliency.retry.search.ignore-exceptions[0]",
                "'java.lang.Object' is not an exception class"));
        // hedged
        cases.add(arguments("hedged.search.percentile=101", "resiliency.hedged.search.percentile",
                "must be between 0.0 and 100.0, got: 101.0"));
        cases.add(arguments("hedged.search.percentile=-1", "resiliency.hedged.search.percentile",
                "must be between 0.0 and 100.0, got: -1.0"));
        cases.add(arguments("hedged.search.min-delay=10s", "resiliency.hedged.search.max-delay",
                "must be >= min-delay (10s), got: 5s"));
        cases.add(arguments("hedged.search.buffer-size=0", "resiliency.hedged.search.buffer-size", "must be >= 1, got: 0"));
        cases.add(arguments("hedged.search.max-requests=0", "resiliency.hedged.search.max-requests", "must be >= 1, got: 0"));
        cases.add(arguments("hedged.search.timeout=0ms", "resiliency.hedged.search.timeout", "must be > 0, got: 0s"));
        cases.add(arguments("hedged.search.delay=-5ms", "resiliency.hedged.search.delay", "must be >= 0, got: -5ms"));
        cases.add(arguments("hedged.search.initial-delay=-1ms", "resiliency.hedged.search.initial-delay", "must be >= 0, got: -1ms"));
        cases.add(arguments("hedged.search.min-samples=-1", "resiliency.hedged.search.min-samples", "must be >= 0, got: -1"));
        cases.add(arguments("hedged.search.token-max=-1", "resiliency.hedged.search.token-max", "got: -1.0"));
        cases.add(arguments("hedged.search.token-success-credit=-0.1", "resiliency.hedged.search.token-success-credit", "got: -0.1"));
        cases.add(arguments("hedged.search.token-hedge-cost=-1", "resiliency.hedged.search.token-hedge-cost", "got: -1.0"));
        cases.add(arguments("hedged.search.token-threshold=-1", "resiliency.hedged.search.token-threshold", "got: -1.0"));
        cases.add(arguments("hedged.search.non-fatal-exceptions=java.util.concurrent.TimeoutExceptio",
                "resiliency.hedged.search.non-fatal-exceptions[0]", "unknown exception class"));
        // bulkhead
        cases.add(arguments("bulkhead.payments.max-concurrent=-1", "resiliency.bulkhead.payments.max-concurrent",
                "must be >= 0, got: -1"));
        cases.add(arguments("bulkhead.payments.max-wait=-1s", "resiliency.bulkhead.payments.max-wait", "must be >= 0, got: -1s"));
        // rate limiter
        cases.add(arguments("rate-limiter.api.rate=0", "resiliency.rate-limiter.api.rate", "got: 0.0"));
        cases.add(arguments("rate-limiter.api.rate=-5", "resiliency.rate-limiter.api.rate", "got: -5.0"));
        cases.add(arguments("rate-limiter.api.burst-size=0", "resiliency.rate-limiter.api.burst-size", "must be >= 1, got: 0"));
        cases.add(arguments("rate-limiter.api.max-wait=-1ms", "resiliency.rate-limiter.api.max-wait", "must be >= 0, got: -1ms"));
        cases.add(arguments("rate-limiter.api.max-wait=1s", "resiliency.rate-limiter.api.rate", "is required"));
        // weighted semaphore
        cases.add(arguments("weighted-semaphore.gateway.max=0", "resiliency.weighted-semaphore.gateway.max",
                "must be >= 1, got: 0"));
        // values inherited from default are reported on the default entry
        cases.add(arguments("circuit-breaker.default.failure-rate-threshold=2",
                "resiliency.circuit-breaker.default.failure-rate-threshold", "must be between 0.0 and 1.0, got: 2.0"));
        cases.add(arguments("bulkhead.default.max-concurrent=-5", "resiliency.bulkhead.default.max-concurrent",
                "must be >= 0, got: -5"));
        cases.add(arguments("rate-limiter.default.burst-size=0", "resiliency.rate-limiter.default.burst-size",
                "must be >= 1, got: 0"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidValues")
    void invalidValueStopsStartUpNamingThePathAndTheRule(String property, String path, String rule) {
        List<String> values = new ArrayList<>(List.of("resiliency." + property));
        if (property.startsWith("rate-limiter.api.") && !property.contains(".rate=") && !path.endsWith(".rate")) {
            values.add("resiliency.rate-limiter.api.rate=10");
        }
        this.runner.withPropertyValues(values.toArray(String[]::new)).run(context -> {
            assertThat(context).hasFailed();
            InvalidResiliencyPropertyException failure = rootCause(context.getStartupFailure());
            assertThat(failure).as("an InvalidResiliencyPropertyException in the causes").isNotNull();
            assertThat(failure.propertyPath()).isEqualTo(path);
            assertThat(failure.getMessage()).startsWith(path + ": ").contains(rule);
        });
    }

    @Test
    void defaultWithoutRateIsValidAsLongAsEveryRateLimiterHasOne() {
        this.runner.withPropertyValues("resiliency.rate-limiter.default.max-wait=1s",
                "resiliency.rate-limiter.api.rate=5").run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void malformedDurationStopsStartUpNamingTheProperty() {
        this.runner.withPropertyValues("resiliency.bulkhead.payments.max-wait=3 seconds")
                .run(context -> assertThat(messages(context.getStartupFailure()))
                        .contains("Failed to bind properties under 'resiliency.bulkhead.payments.max-wait'"));
    }

    @Test
    void malformedNumberStopsStartUpNamingTheProperty() {
        this.runner.withPropertyValues("resiliency.retry.search.max-attempts=three")
                .run(context -> assertThat(messages(context.getStartupFailure()))
                        .contains("Failed to bind properties under 'resiliency.retry.search.max-attempts'"));
    }

    @Test
    void failureAnalyzerReportsThePathTheRuleAndWhatToDo() {
        this.runner.withPropertyValues("resiliency.circuit-breaker.inventory.failure-rate-threshold=1.5")
                .run(context -> {
                    FailureAnalysis analysis = new ResiliencyConfigurationFailureAnalyzer()
                            .analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription()).isEqualTo("Invalid resiliency configuration: "
                            + "resiliency.circuit-breaker.inventory.failure-rate-threshold: "
                            + "must be between 0.0 and 1.0, got: 1.5");
                    assertThat(analysis.getAction())
                            .contains("resiliency.circuit-breaker.inventory.failure-rate-threshold");
                });
    }

    private static String messages(Throwable failure) {
        StringBuilder messages = new StringBuilder();
        for (Throwable current = failure; current != null; current = current.getCause()) {
            messages.append(current.getMessage()).append('\n');
        }
        return messages.toString();
    }

    private static InvalidResiliencyPropertyException rootCause(Throwable failure) {
        Throwable current = failure;
        while (current != null && !(current instanceof InvalidResiliencyPropertyException)) {
            current = current.getCause();
        }
        return (InvalidResiliencyPropertyException) current;
    }
}
