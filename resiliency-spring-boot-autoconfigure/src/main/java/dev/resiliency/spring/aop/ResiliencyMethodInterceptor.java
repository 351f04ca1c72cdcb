package dev.resiliency.spring.aop;

import java.lang.reflect.Method;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

/**
 * Runs an annotated method through its pipeline. Per call: one cache lookup by {@code Method}, then the prepared
 * {@link MethodPipeline}; the pipeline is built on the first call only when start-up validation did not build it
 * already (lazy or prototype beans).
 */
final class ResiliencyMethodInterceptor implements MethodInterceptor {

    private final Supplier<MethodPipelineFactory> factory;
    private final MethodPipelineCache cache = new MethodPipelineCache();

    ResiliencyMethodInterceptor(Supplier<MethodPipelineFactory> factory) {
        this.factory = factory;
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        Method method = invocation.getMethod();
        Object target = invocation.getThis();
        Class<?> targetClass = target != null ? target.getClass() : method.getDeclaringClass();
        MethodPipeline pipeline = this.cache.get(method, targetClass);
        if (pipeline == null) {
            pipeline = this.factory.get().pipeline(method, targetClass, null);
            this.cache.put(method, targetClass, pipeline);
        }
        return pipeline.invoke(invocation);
    }
}
