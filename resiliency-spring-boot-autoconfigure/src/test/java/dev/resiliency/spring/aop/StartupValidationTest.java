package dev.resiliency.spring.aop;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.resiliency.spring.annotation.Bulkhead;
import dev.resiliency.spring.annotation.CircuitBreaker;
import dev.resiliency.spring.annotation.Fallback;
import dev.resiliency.spring.annotation.RateLimiter;
import dev.resiliency.spring.annotation.SingleFlight;
import dev.resiliency.spring.annotation.WeightedSemaphore;
import dev.resiliency.spring.config.InvalidResiliencyAnnotationException;
import dev.resiliency.spring.registry.CircuitBreakerRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/** A misconfigured annotation fails start-up with a message naming the bean, the method and the attribute. */
class StartupValidationTest {

    private static ApplicationContextRunner runner(Class<?> beanClass, String... properties) {
        return AnnotationTestSupport.runner().withBean("productPageService", beanClass).withPropertyValues(properties);
    }

    private static InvalidResiliencyAnnotationException failure(Throwable startupFailure) {
        for (Throwable current = startupFailure; current != null; current = current.getCause()) {
            if (current instanceof InvalidResiliencyAnnotationException invalid) {
                return invalid;
            }
        }
        throw new AssertionError("no InvalidResiliencyAnnotationException in " + startupFailure);
    }

    private static void assertStartupFails(ApplicationContextRunner runner, String message) {
        runner.run(context -> {
            assertThat(context).hasFailed();
            assertThat(failure(context.getStartupFailure()).getMessage()).isEqualTo(message);
        });
    }

    public static class ProductPageService {

        @Fallback(method = "fallbak")
        public String page(String sku) {
            return sku;
        }

        String fallback(String sku) {
            return "fallback";
        }
    }

    @Test
    void misspelledFallbackMethodFailsStartUpNamingBeanAndMethod() {
        assertStartupFails(runner(ProductPageService.class), "Invalid @Fallback on bean 'productPageService' method "
                + "'ProductPageService.page(String)': attribute 'method' names 'fallbak', but ProductPageService has "
                + "no method fallbak(String) or fallbak(String, Throwable)");
    }

    @Test
    void failureAnalyzerReportsTheAnnotationProblem() {
        runner(ProductPageService.class).run(context -> {
            FailureAnalysis analysis = new dev.resiliency.spring.config.TestFailureAnalyzer()
                    .analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("bean 'productPageService'").contains("'fallbak'");
            assertThat(analysis.getAction()).contains("@Fallback").contains("ProductPageService.page(String)");
        });
    }

    @Test
    void lazyBeanIsValidatedOnItsFirstCallWithoutTheBeanName() {
        AnnotationTestSupport.runner()
                .withBean("productPageService", ProductPageService.class, ProductPageService::new,
                        definition -> definition.setLazyInit(true))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ProductPageService service = context.getBean(ProductPageService.class);
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> service.page("x"))
                            .isInstanceOf(InvalidResiliencyAnnotationException.class)
                            .hasMessageStartingWith("Invalid @Fallback method 'ProductPageService.page(String)': "
                                    + "attribute 'method' names 'fallbak'");
                });
    }

    public static class WrongParameters {

        @Fallback("fallback")
        public String page(String sku) {
            return sku;
        }

        String fallback(int sku) {
            return "fallback";
        }
    }

    @Test
    void fallbackWithOtherParametersIsListed() {
        assertStartupFails(runner(WrongParameters.class), "Invalid @Fallback on bean 'productPageService' method "
                + "'WrongParameters.page(String)': attribute 'method' names 'fallback', but WrongParameters has no "
                + "method fallback(String) or fallback(String, Throwable); found fallback(int) with other parameters");
    }

    public static class WrongReturnType {

        @Fallback("fallback")
        public String page(String sku) {
            return sku;
        }

        Integer fallback(String sku) {
            return 1;
        }
    }

    @Test
    void fallbackWithIncompatibleReturnTypeFailsStartUp() {
        assertStartupFails(runner(WrongReturnType.class), "Invalid @Fallback on bean 'productPageService' method "
                + "'WrongReturnType.page(String)': attribute 'method' names 'fallback', but WrongReturnType.fallback "
                + "returns Integer, not assignable to String");
    }

    public static class BadSpel {

        @SingleFlight(key = "#sku +")
        public String page(String sku) {
            return sku;
        }
    }

    @Test
    void unparsableSpelKeyFailsStartUp() {
        runner(BadSpel.class).run(context -> assertThat(failure(context.getStartupFailure()).getMessage())
                .startsWith("Invalid @SingleFlight on bean 'productPageService' method 'BadSpel.page(String)': "
                        + "attribute 'key' is not a valid SpEL expression: '#sku +'"));
    }

    public static class UnknownVariable {

        @SingleFlight(key = "#skuu")
        public String page(String sku) {
            return sku;
        }
    }

    @Test
    void spelKeyNamingAnUnknownParameterFailsStartUp() {
        assertStartupFails(runner(UnknownVariable.class), "Invalid @SingleFlight on bean 'productPageService' method "
                + "'UnknownVariable.page(String)': attribute 'key' '#skuu' refers to unknown variable(s) [#skuu]; "
                + "the variables are the parameters [#sku]");
    }

    public static class BadDuration {

        @Bulkhead(value = "payments", maxWait = "3 seconds")
        public String pay() {
            return "paid";
        }
    }

    @Test
    void malformedDurationFailsStartUp() {
        assertStartupFails(runner(BadDuration.class), "Invalid @Bulkhead on bean 'productPageService' method "
                + "'BadDuration.pay()': attribute 'maxWait' is not a duration: '3 seconds' (write e.g. 200ms, 2s, 1m "
                + "or PT2S)");
    }

    public static class NegativeTimeout {

        @WeightedSemaphore(value = "gateway", timeout = "-1s")
        public String pay() {
            return "paid";
        }
    }

    @Test
    void negativeSemaphoreTimeoutFailsStartUp() {
        runner(NegativeTimeout.class).run(context -> assertThat(failure(context.getStartupFailure()).getMessage())
                .startsWith("Invalid @WeightedSemaphore on bean 'productPageService' method 'NegativeTimeout.pay()': "
                        + "attribute 'timeout' must be >= 0, got: -1s"));
    }

    public static class ZeroWeight {

        @WeightedSemaphore(value = "gateway", weight = 0)
        public String pay() {
            return "paid";
        }
    }

    @Test
    void weightBelowOneFailsStartUp() {
        assertStartupFails(runner(ZeroWeight.class), "Invalid @WeightedSemaphore on bean 'productPageService' method "
                + "'ZeroWeight.pay()': attribute 'weight' must be >= 1, got: 0");
    }

    public static class HeavierThanTheSemaphore {

        @WeightedSemaphore(value = "gateway", weight = 11)
        public String pay() {
            return "paid";
        }
    }

    @Test
    void weightAboveTheSemaphoresMaxFailsStartUp() {
        assertStartupFails(runner(HeavierThanTheSemaphore.class), "Invalid @WeightedSemaphore on bean "
                + "'productPageService' method 'HeavierThanTheSemaphore.pay()': attribute 'weight' is 11, more than "
                + "the max 10 of weighted semaphore 'gateway': such a call could never be granted");
    }

    public static class HeavierThanTheBurst {

        @RateLimiter(value = "api", weight = 0)
        public String call() {
            return "ok";
        }

        @RateLimiter(value = "api", weight = 6)
        public String heavy() {
            return "ok";
        }
    }

    @Test
    void rateLimiterWeightOutsideOneToBurstSizeFailsStartUp() {
        runner(HeavierThanTheBurst.class, "resiliency.rate-limiter.api.rate=5").run(context -> assertThat(
                failure(context.getStartupFailure()).getMessage()).matches("Invalid @RateLimiter on bean "
                        + "'productPageService' method 'HeavierThanTheBurst\\.(call|heavy)\\(\\)': attribute 'weight' "
                        + "(must be >= 1, got: 0|is 6, more than the burst size 5 of rate limiter 'api'.*)"));
    }

    public static class UnconfiguredRateLimiter {

        @RateLimiter("inventory-api")
        public String stock() {
            return "ok";
        }
    }

    @Test
    void rateLimiterWithoutARateFailsStartUpNamingTheMissingProperty() {
        assertStartupFails(runner(UnconfiguredRateLimiter.class), "Invalid @RateLimiter on bean 'productPageService' "
                + "method 'UnconfiguredRateLimiter.stock()': attribute 'name' names rate limiter 'inventory-api', "
                + "which cannot be created: resiliency.rate-limiter.inventory-api.rate: is required: a rate limiter "
                + "needs a rate in tokens per second (set it on this name or on resiliency.rate-limiter.default.rate)");
    }

    @Test
    void rateLimiterRateMayComeFromTheDefaultEntry() {
        runner(UnconfiguredRateLimiter.class, "resiliency.rate-limiter.default.rate=50")
                .run(context -> assertThat(context).hasNotFailed());
    }

    public static class Placeholders {

        @CircuitBreaker("${inventory.breaker}")
        @Bulkhead(value = "payments", maxWait = "${payments.wait:250ms}")
        public String stock() {
            return "ok";
        }
    }

    @Test
    void placeholdersInNamesAndDurationsAreResolved() {
        runner(Placeholders.class, "inventory.breaker=inventory-cb").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(CircuitBreakerRegistry.class).find("inventory-cb")).isPresent();
        });
    }

    @Test
    void unresolvablePlaceholderFailsStartUp() {
        runner(Placeholders.class).run(context -> assertThat(failure(context.getStartupFailure()).getMessage())
                .startsWith("Invalid @CircuitBreaker on bean 'productPageService' method 'Placeholders.stock()': "
                        + "attribute 'name' '${inventory.breaker}': Could not resolve placeholder 'inventory.breaker'"));
    }

    public static class CustomStage {

        @CircuitBreaker
        public MyStage<String> stock() {
            return null;
        }
    }

    /** A CompletionStage that is not a CompletableFuture: the advisor could not return its own future. */
    interface MyStage<T> extends CompletionStage<T> {
    }

    @Test
    void unsupportedCompletionStageSubtypeFailsStartUp() {
        assertStartupFails(runner(CustomStage.class), "Invalid @CircuitBreaker on bean 'productPageService' method "
                + "'CustomStage.stock()': returns " + MyStage.class.getName() + ": asynchronous methods must declare "
                + "CompletionStage or CompletableFuture");
    }

    public static class Valid {

        @CircuitBreaker
        @Fallback("cached")
        public CompletableFuture<String> stock(String sku) {
            return CompletableFuture.completedFuture(sku);
        }

        String cached(String sku) {
            return "cached";
        }
    }

    @Test
    void asyncMethodMayHaveAPlainValueFallback() {
        runner(Valid.class).run(context -> assertThat(context).hasNotFailed());
    }
}
