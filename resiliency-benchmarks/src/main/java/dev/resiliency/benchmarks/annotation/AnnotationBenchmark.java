package dev.resiliency.benchmarks.annotation;

import dev.resiliency.benchmarks.OverheadBenchmark;
import org.aopalliance.intercept.MethodInterceptor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The annotation path: a Spring bean whose one method carries {@code @CircuitBreaker @RateLimiter @Bulkhead
 * @Retry} (configured as in {@code Settings}), called through its proxy, against
 * <ul>
 *   <li>{@code direct}: the same class, unproxied (the baseline of this group);</li>
 *   <li>{@code proxyOnly}: the same class behind a CGLIB proxy whose one interceptor only proceeds, the floor
 *       every annotation stack pays before doing any work of its own;</li>
 *   <li>{@code resilience4j}: the same four annotations of resilience4j-spring-boot4 2.4.0 (its Spring 6/7
 *       {@code @Aspect}s);</li>
 *   <li>{@code spring} vs {@code oursRetryBulkhead}: Spring Framework 7's {@code @ConcurrencyLimit} +
 *       {@code @Retryable} ({@code @EnableResilientMethods}) against our {@code @Bulkhead} + {@code @Retry}, the
 *       subset Spring has.</li>
 * </ul>
 * Each library's application context is started once per trial (so only in the forks of its benchmarks),
 * checked by {@link WiringCheck}, and closed at the end of the trial; two benchmark threads share its bean.
 */
public class AnnotationBenchmark extends OverheadBenchmark {

  @Benchmark
  public Object direct(Direct state) {
    return state.bean.call();
  }

  @Benchmark
  public Object proxyOnly(ProxyOnly state) {
    return state.bean.call();
  }

  @Benchmark
  public Object ours(Ours state) {
    return state.bean.call();
  }

  @Benchmark
  public Object resilience4j(Resilience4j state) {
    return state.bean.call();
  }

  @Benchmark
  public Object oursRetryBulkhead(OursRetryBulkhead state) {
    return state.bean.call();
  }

  @Benchmark
  public Object spring(Spring state) {
    return state.bean.call();
  }

  /** The unproxied bean. */
  @State(Scope.Benchmark)
  public static class Direct {
    AnnotatedServices.Plain bean;

    @Setup(Level.Trial)
    public void setup() {
      bean = new AnnotatedServices.Plain();
    }
  }

  /** A CGLIB proxy, as every library makes here, with one interceptor that only proceeds. */
  @State(Scope.Benchmark)
  public static class ProxyOnly {
    AnnotatedServices.Plain bean;

    @Setup(Level.Trial)
    public void setup() {
      ProxyFactory factory = new ProxyFactory(new AnnotatedServices.Plain());
      factory.setProxyTargetClass(true);
      factory.addAdvice((MethodInterceptor) invocation -> invocation.proceed());
      bean = (AnnotatedServices.Plain) factory.getProxy();
      WiringCheck.advisors(bean);
    }
  }

  /** A started application context, closed when the trial ends. */
  public abstract static class WithContext {
    ConfigurableApplicationContext context;

    @TearDown(Level.Trial)
    public void close() {
      if (context != null) {
        context.close();
      }
    }
  }

  /** Our starter's context. */
  @State(Scope.Benchmark)
  public static class Ours extends WithContext {
    AnnotatedServices.Ours bean;

    @Setup(Level.Trial)
    public void setup() {
      context = AnnotatedContexts.ours();
      bean = context.getBean(AnnotatedServices.Ours.class);
      WiringCheck.ours(context, bean);
    }
  }

  /** Our starter's context, the retry + bulkhead bean. */
  @State(Scope.Benchmark)
  public static class OursRetryBulkhead extends WithContext {
    AnnotatedServices.OursRetryBulkhead bean;

    @Setup(Level.Trial)
    public void setup() {
      context = AnnotatedContexts.ours();
      bean = context.getBean(AnnotatedServices.OursRetryBulkhead.class);
      WiringCheck.oursRetryBulkhead(context, bean);
    }
  }

  /** resilience4j-spring-boot4's context. */
  @State(Scope.Benchmark)
  public static class Resilience4j extends WithContext {
    AnnotatedServices.Resilience4j bean;

    @Setup(Level.Trial)
    public void setup() {
      context = AnnotatedContexts.resilience4j();
      bean = context.getBean(AnnotatedServices.Resilience4j.class);
      WiringCheck.resilience4j(context, bean);
    }
  }

  /** Spring Framework 7's {@code @EnableResilientMethods} context. */
  @State(Scope.Benchmark)
  public static class Spring extends WithContext {
    AnnotatedServices.Spring bean;

    @Setup(Level.Trial)
    public void setup() throws NoSuchMethodException {
      context = AnnotatedContexts.spring();
      bean = context.getBean(AnnotatedServices.Spring.class);
      WiringCheck.spring(bean);
    }
  }
}
