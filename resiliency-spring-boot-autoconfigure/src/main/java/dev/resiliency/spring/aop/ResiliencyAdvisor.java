package dev.resiliency.spring.aop;

import java.util.function.Supplier;

import org.aopalliance.aop.Advice;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.core.Ordered;
import org.springframework.util.function.SingletonSupplier;

/**
 * The one advisor that applies every resiliency annotation ({@code @Fallback}, {@code @CircuitBreaker},
 * {@code @SingleFlight}, {@code @RateLimiter}, {@code @Bulkhead}, {@code @WeightedSemaphore}, {@code @Retry},
 * {@code @Hedged}) through the method's {@code ResiliencePipeline}, in the canonical order whatever the order the
 * annotations are written in. Works with any Spring AOP auto-proxy creator (JDK or CGLIB proxies).
 *
 * <p>Default order {@link #DEFAULT_ORDER} ({@code LOWEST_PRECEDENCE - 1}, as Spring Retry): it runs outside
 * advisors of default order such as {@code @Transactional}, so that every retry attempt gets a fresh transaction.
 */
public class ResiliencyAdvisor extends AbstractPointcutAdvisor {

    private static final long serialVersionUID = 1L;

    /** The default order of this advisor. */
    public static final int DEFAULT_ORDER = Ordered.LOWEST_PRECEDENCE - 1;

    private final transient Pointcut pointcut = new ResiliencyPointcut();
    private final transient ResiliencyMethodInterceptor interceptor;

    /**
     * @param factory supplies the pipeline factory on first use (so that creating the advisor, which happens early,
     *                does not create the registries)
     */
    public ResiliencyAdvisor(Supplier<MethodPipelineFactory> factory) {
        this.interceptor = new ResiliencyMethodInterceptor(SingletonSupplier.of(factory));
        setOrder(DEFAULT_ORDER);
    }

    @Override
    public Pointcut getPointcut() {
        return this.pointcut;
    }

    @Override
    public Advice getAdvice() {
        return this.interceptor;
    }
}
