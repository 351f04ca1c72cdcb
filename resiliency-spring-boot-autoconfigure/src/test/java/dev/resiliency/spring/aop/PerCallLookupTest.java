package dev.resiliency.spring.aop;

import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicInteger;

import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.expression.Expression;
import org.springframework.expression.ParserContext;
import org.springframework.expression.spel.standard.SpelExpressionParser;

import dev.resiliency.spring.annotation.Bulkhead;
import dev.resiliency.spring.annotation.CircuitBreaker;
import dev.resiliency.spring.annotation.Fallback;
import dev.resiliency.spring.annotation.Hedged;
import dev.resiliency.spring.annotation.RateLimiter;
import dev.resiliency.spring.annotation.Retry;
import dev.resiliency.spring.annotation.SingleFlight;
import dev.resiliency.spring.annotation.WeightedSemaphore;
import dev.resiliency.spring.concurrent.ResiliencyExecutors;
import dev.resiliency.spring.registry.BulkheadRegistry;
import dev.resiliency.spring.registry.CircuitBreakerRegistry;
import dev.resiliency.spring.registry.HedgedRegistry;
import dev.resiliency.spring.registry.InstanceRegistry;
import dev.resiliency.spring.registry.RateLimiterRegistry;
import dev.resiliency.spring.registry.RetryRegistry;
import dev.resiliency.spring.registry.SingleFlightRegistry;
import dev.resiliency.spring.registry.WeightedSemaphoreRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-call path of an annotated method does no lookup by name (no registry access), no SpEL parsing and no
 * pipeline building: all of it happens once, at start-up.
 */
class PerCallLookupTest {

    static final AtomicInteger REGISTRY_LOOKUPS = new AtomicInteger();
    static final AtomicInteger PARSES = new AtomicInteger();
    static final AtomicInteger PIPELINE_REQUESTS = new AtomicInteger();

    static class Everything {

        @Fallback("fallback")
        @CircuitBreaker
        @SingleFlight(key = "#sku.toUpperCase()")
        @RateLimiter("lookups")
        @Bulkhead
        @WeightedSemaphore
        @Retry
        @Hedged
        public String stock(String sku) {
            return sku;
        }

        String fallback(String sku) {
            return "fallback";
        }
    }

    /** Counts every {@code instance}/{@code find} call on every registry, whoever makes it. */
    static class CountingRegistries implements BeanPostProcessor {

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            if (!(bean instanceof InstanceRegistry<?, ?>)) {
                return bean;
            }
            ProxyFactory factory = new ProxyFactory(bean);
            factory.setProxyTargetClass(true);
            factory.addAdvice((MethodInterceptor) invocation -> {
                String name = invocation.getMethod().getName();
                if (name.equals("instance") || name.equals("find")) {
                    REGISTRY_LOOKUPS.incrementAndGet();
                }
                return invocation.proceed();
            });
            return factory.getProxy();
        }
    }

    static class CountingParser extends SpelExpressionParser {

        @Override
        public Expression parseExpression(String expressionString, ParserContext context) {
            PARSES.incrementAndGet();
            return super.parseExpression(expressionString, context);
        }
    }

    static class CountingFactory extends MethodPipelineFactory {

        CountingFactory(CircuitBreakerRegistry circuitBreakers, SingleFlightRegistry singleFlights,
                RateLimiterRegistry rateLimiters, BulkheadRegistry bulkheads, WeightedSemaphoreRegistry semaphores,
                RetryRegistry retries, HedgedRegistry hedges, ResiliencyExecutors executors, Environment environment) {
            super(circuitBreakers, singleFlights, rateLimiters, bulkheads, semaphores, retries, hedges, executors,
                    environment, new CountingParser(), null);
        }

        @Override
        MethodPipeline pipeline(Method method, Class<?> targetClass, String beanName) {
            PIPELINE_REQUESTS.incrementAndGet();
            return super.pipeline(method, targetClass, beanName);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Config {

        @Bean
        static CountingRegistries countingRegistries() {
            return new CountingRegistries();
        }

        @Bean
        MethodPipelineFactory countingFactory(CircuitBreakerRegistry circuitBreakers,
                SingleFlightRegistry singleFlights, RateLimiterRegistry rateLimiters, BulkheadRegistry bulkheads,
                WeightedSemaphoreRegistry semaphores, RetryRegistry retries, HedgedRegistry hedges,
                ResiliencyExecutors executors, Environment environment) {
            return new CountingFactory(circuitBreakers, singleFlights, rateLimiters, bulkheads, semaphores, retries,
                    hedges, executors, environment);
        }

        @Bean
        Everything everything() {
            return new Everything();
        }
    }

    @Test
    void callsDoNoRegistryLookupNoParsingAndNoPipelineBuilding() {
        AnnotationTestSupport.runner().withUserConfiguration(Config.class)
                .withPropertyValues("resiliency.rate-limiter.lookups.rate=1000000",
                        "resiliency.rate-limiter.lookups.burst-size=1000000")
                .run(context -> {
                    Everything everything = context.getBean(Everything.class);
                    assertThat(everything.stock("warm-up")).isEqualTo("warm-up");
                    int lookups = REGISTRY_LOOKUPS.get();
                    int parses = PARSES.get();
                    int requests = PIPELINE_REQUESTS.get();
                    assertThat(lookups).as("the seven instances were looked up at start-up").isGreaterThanOrEqualTo(7);
                    assertThat(parses).isEqualTo(1);

                    for (int i = 0; i < 10_000; i++) {
                        assertThat(everything.stock("sku-" + (i % 10))).isEqualTo("sku-" + (i % 10));
                    }

                    assertThat(REGISTRY_LOOKUPS).hasValue(lookups);
                    assertThat(PARSES).hasValue(parses);
                    assertThat(PIPELINE_REQUESTS).hasValue(requests);
                });
    }
}
