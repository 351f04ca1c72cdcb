package dev.resiliency.spring.reliability;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.resiliency.spring.annotation.Retry;
import dev.resiliency.spring.annotation.CircuitBreaker;
import dev.resiliency.spring.config.ResiliencyAutoConfiguration;

class ExploreBadInputTest {

    public static class PrivateMethod {
        @Retry("x")
        private String hidden() { return "x"; }
        public String call() { return hidden(); }
    }

    public static class FinalMethod {
        @CircuitBreaker("x")
        public final String call() { return "x"; }
    }

    public static class StaticMethod {
        @CircuitBreaker("x")
        public static String call() { return "x"; }
    }

    static final List<String> PROPS = List.of(
            "resiliency.circuit-breaker.x.failure-rate-treshold=0.9",
            "resiliency.bulkhead.max-concurrent=5",
            "resiliency.retry.x.max-attempts[0]=5");

    public interface Api { String call(); }
    public static class ViaInterface implements Api {
        public String call() { return "x"; }
        @CircuitBreaker("x")
        public String notOnInterface() { return "x"; }
    }
    public static class FallbackNarrow {
        @dev.resiliency.spring.annotation.Fallback(method = "fb", on = java.util.concurrent.TimeoutException.class)
        public String call() throws Exception { return "x"; }
        String fb(java.io.IOException e) { return "fb"; }
    }

    @Test
    void explore() {
        ApplicationContextRunner runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, ResiliencyAutoConfiguration.class));
        for (String p : PROPS) {
            runner.withPropertyValues(p).run(context -> System.out.println("PROP " + p + " => "
                    + (context.getStartupFailure() == null ? "STARTED" : messages(context.getStartupFailure()))));
        }
        for (Class<?> type : List.of(PrivateMethod.class, FinalMethod.class, StaticMethod.class, FallbackNarrow.class)) {
            runner.withBean(type).run(context -> System.out.println("BEAN " + type.getSimpleName() + " => "
                    + (context.getStartupFailure() == null ? "STARTED proxied=" + org.springframework.aop.support.AopUtils.isAopProxy(context.getBean(type)) : messages(context.getStartupFailure()))));
        }
    }

    @Test
    void jdkProxy() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, ResiliencyAutoConfiguration.class))
                .withPropertyValues("spring.aop.proxy-target-class=false")
                .withBean(ViaInterface.class).run(context -> System.out.println("JDK " + (context.getStartupFailure() == null ? "STARTED " + context.getBean(Api.class).getClass() : messages(context.getStartupFailure()))));
    }

    @Test
    void hugeDurations() throws Exception {
        dev.resiliency.spring.registry.CircuitBreakerRegistry[] cb = new dev.resiliency.spring.registry.CircuitBreakerRegistry[1];
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, ResiliencyAutoConfiguration.class))
                .withPropertyValues("resiliency.circuit-breaker.x.open-timeout=999999999999d",
                        "resiliency.circuit-breaker.x.minimum-calls=1", "resiliency.circuit-breaker.x.window-size=1",
                        "resiliency.circuit-breaker.x.slow-call-threshold=999999999999d",
                        "resiliency.hedged.x.timeout=999999999999d", "resiliency.hedged.x.delay=999999999999d",
                        "resiliency.hedged.y.max-delay=999999999999d", "resiliency.hedged.y.initial-delay=999999999999d",
                        "resiliency.bulkhead.x.max-wait=999999999999d", "resiliency.bulkhead.x.max-concurrent=1",
                        "resiliency.retry.x.budget=999999999999d", "resiliency.retry.x.max-delay=999999999999d",
                        "resiliency.rate-limiter.x.rate=1e300", "resiliency.rate-limiter.x.max-wait=999999999999d")
                .run(context -> {
                    if (context.getStartupFailure() != null) { System.out.println("HUGE " + messages(context.getStartupFailure())); return; }
                    var breaker = context.getBean(dev.resiliency.spring.registry.CircuitBreakerRegistry.class).instance("x");
                    try { breaker.call(() -> { throw new java.io.IOException(); }); } catch (Exception e) { System.out.println("HUGE cb1 " + e); }
                    try { breaker.call(() -> "ok"); } catch (Exception e) { System.out.println("HUGE cb2 " + e); }
                    System.out.println("HUGE cb state " + breaker.state() + " " + breaker.stats());
                    var hedged = context.getBean(dev.resiliency.spring.registry.HedgedRegistry.class).instance("x");
                    try { System.out.println("HUGE hedged " + hedged.call(() -> "ok")); } catch (Throwable e) { System.out.println("HUGE hedged " + e); }
                    try { System.out.println("HUGE hedged async " + hedged.callAsync(() -> java.util.concurrent.CompletableFuture.completedFuture("ok")).get()); } catch (Throwable e) { System.out.println("HUGE hedged async " + e); }
                    var hedgedY = context.getBean(dev.resiliency.spring.registry.HedgedRegistry.class).instance("y");
                    try { System.out.println("HUGE hedgedY " + hedgedY.call(() -> "ok") + hedgedY.stats()); } catch (Throwable e) { System.out.println("HUGE hedgedY " + e); }
                    var bulkhead = context.getBean(dev.resiliency.spring.registry.BulkheadRegistry.class).instance("x");
                    try { System.out.println("HUGE bulkhead " + bulkhead.call(() -> "ok")); } catch (Throwable e) { System.out.println("HUGE bulkhead " + e); }
                    try { System.out.println("HUGE bulkhead async " + bulkhead.callAsync(() -> java.util.concurrent.CompletableFuture.completedFuture("ok")).get()); } catch (Throwable e) { System.out.println("HUGE bulkhead async " + e); }
                    var retry = context.getBean(dev.resiliency.spring.registry.RetryRegistry.class).instance("x");
                    try { System.out.println("HUGE retry " + retry.call(() -> "ok")); } catch (Throwable e) { System.out.println("HUGE retry " + e); }
                    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
                    try { System.out.println("HUGE retry2 " + retry.call(() -> { if (n.getAndIncrement() == 0) throw new java.io.IOException(); return "ok"; })); } catch (Throwable e) { System.out.println("HUGE retry2 " + e); }
                    try { System.out.println("HUGE retry async " + retry.callAsync(() -> java.util.concurrent.CompletableFuture.completedFuture("ok")).get()); } catch (Throwable e) { System.out.println("HUGE retry async " + e); }
                    var limiter = context.getBean(dev.resiliency.spring.registry.RateLimiterRegistry.class).instance("x");
                    try { for (int i = 0; i < 5; i++) limiter.call(() -> "ok"); System.out.println("HUGE limiter " + limiter.stats()); } catch (Throwable e) { System.out.println("HUGE limiter " + e); }
                });
    }

    static String messages(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            b.append(" | ").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
        }
        String s = b.toString();
        return s.length() > 900 ? s.substring(s.length() - 900) : s;
    }
}
