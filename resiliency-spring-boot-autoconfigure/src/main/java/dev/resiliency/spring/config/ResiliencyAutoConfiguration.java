package dev.resiliency.spring.config;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;

import org.springframework.aop.config.AopConfigUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.core.convert.converter.GenericConverter;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

import dev.resiliency.bulkhead.Bulkhead;
import dev.resiliency.circuitbreaker.CircuitBreaker;
import dev.resiliency.hedged.Hedged;
import dev.resiliency.pipeline.PipelineListener;
import dev.resiliency.ratelimiter.RateLimiter;
import dev.resiliency.retry.BackoffRetry;
import dev.resiliency.semaphore.WeightedSemaphore;
import dev.resiliency.singleflight.SingleFlight;
import dev.resiliency.spring.aop.MethodPipelineFactory;
import dev.resiliency.spring.aop.ResiliencyAdvisor;
import dev.resiliency.spring.aop.ResiliencyAnnotationValidator;
import dev.resiliency.spring.aop.ResiliencyObserver;
import dev.resiliency.spring.concurrent.MdcThreadLocalAccessor;
import dev.resiliency.spring.concurrent.ResiliencyExecutors;
import dev.resiliency.spring.registry.BulkheadRegistry;
import dev.resiliency.spring.registry.CircuitBreakerRegistry;
import dev.resiliency.spring.registry.HedgedRegistry;
import dev.resiliency.spring.registry.InstanceCustomizer;
import dev.resiliency.spring.registry.RateLimiterRegistry;
import dev.resiliency.spring.registry.RetryRegistry;
import dev.resiliency.spring.registry.SingleFlightRegistry;
import dev.resiliency.spring.registry.WeightedSemaphoreRegistry;

/**
 * Resiliency for Spring Boot: the registries of instances configured under {@code resiliency.*}, the threads that
 * hedged and asynchronous work run on, and the advisor that applies the annotations. Every bean backs off when the
 * application defines its own. {@code resiliency.enabled=false} turns it all off.
 */
@AutoConfiguration
@ConditionalOnResiliencyEnabled
@EnableConfigurationProperties(ResiliencyProperties.class)
@Import(ResiliencyAutoConfiguration.AutoProxyCreatorRegistrar.class)
public class ResiliencyAutoConfiguration {

    /**
     * The executor (hedged copies) and scheduler (timers) of every instance: virtual threads when
     * {@code spring.threads.virtual.enabled=true} (on Java 21+), with the caller's context propagated.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public ResiliencyExecutors resiliencyExecutors(Environment environment) {
        ContextRegistry contextRegistry = ContextRegistry.getInstance();
        if (ClassUtils.isPresent("org.slf4j.MDC", getClass().getClassLoader())) {
            registerMdcAccessor(contextRegistry);
        }
        ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder().contextRegistry(contextRegistry).build();
        return ResiliencyExecutors.create(Threading.VIRTUAL.isActive(environment), snapshots);
    }

    private static void registerMdcAccessor(ContextRegistry contextRegistry) {
        boolean registered = contextRegistry.getThreadLocalAccessors().stream()
                .anyMatch(accessor -> MdcThreadLocalAccessor.KEY.equals(accessor.key()));
        if (!registered) {
            contextRegistry.registerThreadLocalAccessor(new MdcThreadLocalAccessor());
        }
    }

    /** Fails start-up on a misspelled or unknown option of an instance, before any bean is created. */
    @Bean
    static BeanFactoryPostProcessor resiliencyPropertyNamesValidator() {
        return new ResiliencyPropertyNamesValidator();
    }

    /** Keeps instances declared with no option ({@code inventory: {}}). */
    @Bean
    @ConfigurationPropertiesBinding
    static GenericConverter resiliencyEmptyInstanceConverter() {
        return new EmptyInstanceConverter();
    }

    @Bean
    @ConditionalOnMissingBean
    public CircuitBreakerRegistry circuitBreakerRegistry(ResiliencyProperties properties,
            ObjectProvider<InstanceCustomizer<CircuitBreaker.Builder>> customizers,
            ConfigurableListableBeanFactory beanFactory) {
        return new CircuitBreakerRegistry(properties.getCircuitBreaker(), customizers.orderedStream().toList(),
                beanFactory.getBeanClassLoader());
    }

    @Bean
    @ConditionalOnMissingBean
    public RetryRegistry retryRegistry(ResiliencyProperties properties,
            ObjectProvider<InstanceCustomizer<BackoffRetry.Builder>> customizers, ResiliencyExecutors executors,
            ConfigurableListableBeanFactory beanFactory) {
        return new RetryRegistry(properties.getRetry(), customizers.orderedStream().toList(), executors.executor(),
                executors.scheduler(), beanFactory.getBeanClassLoader());
    }

    @Bean
    @ConditionalOnMissingBean
    public HedgedRegistry hedgedRegistry(ResiliencyProperties properties,
            ObjectProvider<InstanceCustomizer<Hedged.Builder>> customizers, ResiliencyExecutors executors,
            ConfigurableListableBeanFactory beanFactory) {
        return new HedgedRegistry(properties.getHedged(), customizers.orderedStream().toList(), executors.executor(),
                executors.scheduler(), beanFactory.getBeanClassLoader());
    }

    @Bean
    @ConditionalOnMissingBean
    public SingleFlightRegistry singleFlightRegistry(ResiliencyProperties properties,
            ObjectProvider<InstanceCustomizer<SingleFlight.Builder>> customizers) {
        return new SingleFlightRegistry(properties.getSingleFlight(), customizers.orderedStream().toList());
    }

    @Bean
    @ConditionalOnMissingBean
    public BulkheadRegistry bulkheadRegistry(ResiliencyProperties properties,
            ObjectProvider<InstanceCustomizer<Bulkhead.Builder>> customizers, ResiliencyExecutors executors) {
        return new BulkheadRegistry(properties.getBulkhead(), customizers.orderedStream().toList(),
                executors.scheduler());
    }

    @Bean
    @ConditionalOnMissingBean
    public WeightedSemaphoreRegistry weightedSemaphoreRegistry(ResiliencyProperties properties,
            ObjectProvider<InstanceCustomizer<WeightedSemaphore.Builder>> customizers, ResiliencyExecutors executors) {
        return new WeightedSemaphoreRegistry(properties.getWeightedSemaphore(), customizers.orderedStream().toList(),
                executors.scheduler());
    }

    @Bean
    @ConditionalOnMissingBean
    public RateLimiterRegistry rateLimiterRegistry(ResiliencyProperties properties,
            ObjectProvider<InstanceCustomizer<RateLimiter.Builder>> customizers, ResiliencyExecutors executors) {
        return new RateLimiterRegistry(properties.getRateLimiter(), customizers.orderedStream().toList(),
                executors.scheduler());
    }

    /** Builds the pipeline of each annotated method, once. */
    @Bean
    @ConditionalOnMissingBean
    public MethodPipelineFactory resiliencyMethodPipelineFactory(CircuitBreakerRegistry circuitBreakers,
            SingleFlightRegistry singleFlights, RateLimiterRegistry rateLimiters, BulkheadRegistry bulkheads,
            WeightedSemaphoreRegistry semaphores, RetryRegistry retries, HedgedRegistry hedges,
            ResiliencyExecutors executors, Environment environment, ObjectProvider<PipelineListener> listener,
            ObjectProvider<ResiliencyObserver> observer) {
        MethodPipelineFactory factory = new MethodPipelineFactory(circuitBreakers, singleFlights, rateLimiters,
                bulkheads, semaphores, retries, hedges, executors, environment, null, listener.getIfUnique());
        factory.setObserver(observer.getIfAvailable()); // tracing, when an observer bean exists
        return factory;
    }

    /**
     * The advisor applying the annotations. Static and infrastructure: it is created early, by the auto-proxy
     * creator, and only reaches for the pipeline factory (hence the registries) on the first call.
     */
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    @ConditionalOnMissingBean
    public static ResiliencyAdvisor resiliencyAdvisor(ObjectProvider<MethodPipelineFactory> factory) {
        return new ResiliencyAdvisor(factory::getObject);
    }

    /** Fails start-up on a misconfigured annotation, and prepares every pipeline before the first call. */
    @Bean
    @ConditionalOnMissingBean
    public ResiliencyAnnotationValidator resiliencyAnnotationValidator(ConfigurableListableBeanFactory beanFactory,
            MethodPipelineFactory factory) {
        return new ResiliencyAnnotationValidator(beanFactory, factory);
    }

    /**
     * Makes sure an auto-proxy creator exists even without {@code spring-boot-starter-aspectj} or with
     * {@code spring.aop.auto=false} (as {@code @EnableTransactionManagement} does); an AspectJ-aware one registered
     * by Spring Boot takes precedence.
     */
    static class AutoProxyCreatorRegistrar implements ImportBeanDefinitionRegistrar {

        @Override
        public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
            AopConfigUtils.registerAutoProxyCreatorIfNecessary(registry);
        }
    }
}
