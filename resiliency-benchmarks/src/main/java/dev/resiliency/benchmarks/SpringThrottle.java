package dev.resiliency.benchmarks;

import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Method;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.interceptor.ConcurrencyThrottleInterceptor;

/**
 * Spring Framework 7's concurrency limit ({@code @ConcurrencyLimit} is backed by a
 * {@link ConcurrencyThrottleInterceptor}) called without an AOP proxy, so that it is compared with our
 * primitives on the same footing: the interceptor itself around {@link Work}, through one reusable,
 * stateless {@link MethodInvocation}. The proxy's own cost belongs to the annotation benchmarks.
 */
final class SpringThrottle {

  private final ConcurrencyThrottleInterceptor interceptor = new ConcurrencyThrottleInterceptor();
  private final MethodInvocation invocation = new WorkInvocation();

  SpringThrottle(int limit) {
    interceptor.setConcurrencyLimit(limit);
  }

  Object call() throws Throwable {
    return interceptor.invoke(invocation);
  }

  private static final class WorkInvocation implements MethodInvocation {
    private static final Method METHOD;
    private static final Object[] NO_ARGS = new Object[0];

    static {
      try {
        METHOD = Work.class.getMethod("call");
      } catch (NoSuchMethodException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    @Override
    public Method getMethod() {
      return METHOD;
    }

    @Override
    public Object[] getArguments() {
      return NO_ARGS;
    }

    @Override
    public Object proceed() {
      return Work.run();
    }

    @Override
    public Object getThis() {
      return Work.INSTANCE;
    }

    @Override
    public AccessibleObject getStaticPart() {
      return METHOD;
    }
  }
}
