package dev.resiliency.spring.config;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.aop.Advisor;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.resiliency.CircuitOpenException;
import dev.resiliency.DefaultExecutors;
import dev.resiliency.circuitbreaker.CircuitBreaker;
import dev.resiliency.spring.annotation.Retry;
import dev.resiliency.spring.aop.MethodPipelineFactory;
import dev.resiliency.spring.aop.ResiliencyAdvisor;
import dev.resiliency.spring.aop.ResiliencyAnnotationValidator;
import dev.resiliency.spring.concurrent.ResiliencyExecutors;
import dev.resiliency.spring.registry.BulkheadRegistry;
import dev.resiliency.spring.registry.CircuitBreakerRegistry;
import dev.resiliency.spring.registry.HedgedRegistry;
import dev.resiliency.spring.registry.InstanceCustomizer;
import dev.resiliency.spring.registry.RateLimiterRegistry;
import dev.resiliency.spring.registry.RetryRegistry;
import dev.resiliency.spring.registry.SingleFlightRegistry;
import dev.resiliency.spring.registry.WeightedSemaphoreRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResiliencyAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, ResiliencyAutoConfiguration.class));

    static class Annotated {

        @Retry
        public String call() {
            return "ok";
        }
    }

    @Test
    void contributesRegistriesExecutorsAndOneAdvisor() {
        this.runner.run(context -> {
            assertThat(context).hasSingleBean(CircuitBreakerRegistry.class).hasSingleBean(RetryRegistry.class)
                    .hasSingleBean(HedgedRegistry.class).hasSingleBean(SingleFlightRegistry.class)
                    .hasSingleBean(BulkheadRegistry.class).hasSingleBean(WeightedSemaphoreRegistry.class)
                    .hasSingleBean(RateLimiterRegistry.class).hasSingleBean(ResiliencyExecutors.class)
                    .hasSingleBean(MethodPipelineFactory.class).hasSingleBean(ResiliencyAnnotationValidator.class)
                    .hasSingleBean(ResiliencyAdvisor.class);
            assertThat(context.getBeansOfType(Advisor.class)).hasSize(1);
            assertThat(context.getBeanFactory().getBeanDefinition("resiliencyAdvisor").getRole())
                    .isEqualTo(BeanDefinition.ROLE_INFRASTRUCTURE);
        });
    }

    @Test
    void isRegisteredAsAnAutoConfigurationWithItsFailureAnalyzer() {
        ClassLoader classLoader = getClass().getClassLoader();
        assertThat(ImportCandidates.load(AutoConfiguration.class, classLoader))
                .contains(ResiliencyAutoConfiguration.class.getName());
        // other analyzers need constructor arguments: skip those, only ours matters here
        assertThat(SpringFactoriesLoader.forDefaultResourceLocation(classLoader).load(FailureAnalyzer.class, null,
                SpringFactoriesLoader.FailureHandler.handleMessage((message, failure) -> { })))
                .hasAtLeastOneElementOfType(ResiliencyConfigurationFailureAnalyzer.class);
    }

    @Test
    void disabledLeavesNoAdvisorNoRegistriesAndNoProxies() {
        this.runner.withBean(Annotated.class).withPropertyValues("resiliency.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(ResiliencyAdvisor.class).doesNotHaveBean(CircuitBreakerRegistry.class)
                    .doesNotHaveBean(RetryRegistry.class).doesNotHaveBean(HedgedRegistry.class)
                    .doesNotHaveBean(SingleFlightRegistry.class).doesNotHaveBean(BulkheadRegistry.class)
                    .doesNotHaveBean(WeightedSemaphoreRegistry.class).doesNotHaveBean(RateLimiterRegistry.class)
                    .doesNotHaveBean(ResiliencyExecutors.class).doesNotHaveBean(ResiliencyProperties.class);
            assertThat(AopUtils.isAopProxy(context.getBean(Annotated.class))).isFalse();
        });
    }

    @Test
    void theSwitchIgnoresCaseAndSurroundingBlanks() {
        this.runner.withPropertyValues("resiliency.enabled= FALSE ")
                .run(context -> assertThat(context).doesNotHaveBean(ResiliencyAdvisor.class));
        this.runner.withPropertyValues("resiliency.enabled=True")
                .run(context -> assertThat(context).hasSingleBean(ResiliencyAdvisor.class));
    }

    @Test
    void aSwitchThatIsNeitherTrueNorFalseFailsStartUpInsteadOfTurningEverythingOff() {
        this.runner.withBean(Annotated.class).withPropertyValues("resiliency.enabled=yes").run(context -> {
            assertThat(context).hasFailed();
            Throwable cause = context.getStartupFailure();
            while (cause != null && !(cause instanceof InvalidResiliencyPropertyException)) {
                cause = cause.getCause();
            }
            assertThat(cause).isInstanceOf(InvalidResiliencyPropertyException.class)
                    .hasMessage("resiliency.enabled: must be true or false, got: 'yes'");
            assertThat(new ResiliencyConfigurationFailureAnalyzer().analyze(context.getStartupFailure()).getAction())
                    .contains("resiliency.enabled");
        });
    }

    @Test
    void disabledIgnoresEvenInvalidConfiguration() {
        this.runner.withPropertyValues("resiliency.enabled=false", "resiliency.retry.x.max-attempts=0")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void worksWithoutSpringBootsAopAutoConfiguration() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ResiliencyAutoConfiguration.class))
                .withBean(Annotated.class)
                .run(context -> assertThat(AopUtils.isAopProxy(context.getBean(Annotated.class))).isTrue());
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnRegistry {

        @Bean
        CircuitBreakerRegistry myCircuitBreakers() {
            return new CircuitBreakerRegistry(java.util.Map.of());
        }
    }

    @Test
    void userDefinedBeansWin() {
        this.runner.withUserConfiguration(OwnRegistry.class).run(context -> {
            assertThat(context).hasSingleBean(CircuitBreakerRegistry.class);
            assertThat(context.getBean(CircuitBreakerRegistry.class))
                    .isSameAs(context.getBean("myCircuitBreakers"));
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class Customized {

        final List<String> transitions = new CopyOnWriteArrayList<>();

        @Bean
        InstanceCustomizer<CircuitBreaker.Builder> transitionLog() {
            return (name, builder) -> builder.onStateChange((n, from, to) -> this.transitions.add(n + ":" + to));
        }
    }

    @Test
    void customizersAdjustEveryInstanceOfTheirKind() {
        this.runner.withUserConfiguration(Customized.class)
                .withPropertyValues("resiliency.circuit-breaker.inventory.minimum-calls=1").run(context -> {
                    CircuitBreaker breaker = context.getBean(CircuitBreakerRegistry.class).instance("inventory");
                    breaker.forceOpen();
                    assertThatThrownBy(() -> breaker.call(() -> "x")).isInstanceOf(CircuitOpenException.class);
                    assertThat(context.getBean(Customized.class).transitions).containsExactly("inventory:FORCED_OPEN");
                });
    }

    @Test
    void virtualThreadsWhenEnabledAndTheJvmHasThem() {
        this.runner.withPropertyValues("spring.threads.virtual.enabled=true").run(context -> {
            ResiliencyExecutors executors = context.getBean(ResiliencyExecutors.class);
            boolean jvmHasVirtualThreads = Runtime.version().feature() >= 21;
            assertThat(executors.virtualThreads()).isEqualTo(jvmHasVirtualThreads);
            assertThat(isVirtual(runOn(executors))).isEqualTo(jvmHasVirtualThreads);
        });
    }

    @Test
    void theCoreDefaultExecutorWhenVirtualThreadsAreNotEnabled() {
        this.runner.run(context -> {
            ResiliencyExecutors executors = context.getBean(ResiliencyExecutors.class);
            assertThat(executors.virtualThreads()).isEqualTo(DefaultExecutors.usesVirtualThreads());
            Thread thread = runOn(executors);
            assertThat(thread.getName()).startsWith("resiliency-");
            assertThat(isVirtual(thread)).isEqualTo(DefaultExecutors.usesVirtualThreads());
        });
    }

    private static Thread runOn(ResiliencyExecutors executors) throws Exception {
        CompletableFuture<Thread> thread = new CompletableFuture<>();
        executors.executor().execute(() -> thread.complete(Thread.currentThread()));
        return thread.get(5, TimeUnit.SECONDS);
    }

    private static boolean isVirtual(Thread thread) {
        try {
            return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
        }
        catch (ReflectiveOperationException ex) {
            return false; // Java 17-20: no virtual threads
        }
    }
}
