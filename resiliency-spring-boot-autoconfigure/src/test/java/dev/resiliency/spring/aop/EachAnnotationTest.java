package dev.resiliency.spring.aop;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.aop.support.AopUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.resiliency.BulkheadFullException;
import dev.resiliency.CircuitOpenException;
import dev.resiliency.RateLimitedException;
import dev.resiliency.ResiliencyTimeoutException;
import dev.resiliency.circuitbreaker.CircuitBreaker.State;
import dev.resiliency.spring.annotation.Bulkhead;
import dev.resiliency.spring.annotation.CircuitBreaker;
import dev.resiliency.spring.annotation.Fallback;
import dev.resiliency.spring.annotation.Hedged;
import dev.resiliency.spring.annotation.RateLimiter;
import dev.resiliency.spring.annotation.Retry;
import dev.resiliency.spring.annotation.SingleFlight;
import dev.resiliency.spring.annotation.WeightedSemaphore;
import dev.resiliency.spring.registry.BulkheadRegistry;
import dev.resiliency.spring.registry.CircuitBreakerRegistry;
import dev.resiliency.spring.registry.HedgedRegistry;
import dev.resiliency.spring.registry.RetryRegistry;
import dev.resiliency.spring.registry.SingleFlightRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Each annotation alone on a real proxied bean, sharing state with the registries. */
@Timeout(20)
class EachAnnotationTest {

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void shutdown() {
        this.pool.shutdownNow();
    }

    /** State shared by the test and the bean, outside the proxy. */
    static class Probe {

        final AtomicInteger calls = new AtomicInteger();
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch interrupted = new CountDownLatch(1);
    }

    static class Downstream {

        private final Probe probe;

        Downstream(Probe probe) {
            this.probe = probe;
        }

        @CircuitBreaker("inventory")
        public String guarded(boolean fail) throws IOException {
            this.probe.calls.incrementAndGet();
            if (fail) {
                throw new IOException("down");
            }
            return "ok";
        }

        @Retry("search")
        public String flaky(int failures) throws IOException {
            if (this.probe.calls.incrementAndGet() <= failures) {
                throw new IOException("attempt " + this.probe.calls.get());
            }
            return "ok after " + this.probe.calls.get();
        }

        @Hedged("search")
        public String slowThenFast() throws InterruptedException {
            if (this.probe.calls.incrementAndGet() == 1) {
                try {
                    new CountDownLatch(1).await(); // the first copy to start hangs until cancelled
                }
                catch (InterruptedException ex) {
                    this.probe.interrupted.countDown();
                    throw ex;
                }
            }
            return "backup";
        }

        @SingleFlight(key = "#sku")
        public String stock(String sku) throws InterruptedException {
            this.probe.calls.incrementAndGet();
            this.probe.entered.countDown();
            this.probe.release.await();
            return "stock of " + sku;
        }

        @Retry("search")
        public void fireAndForget(int failures) throws IOException {
            if (this.probe.calls.incrementAndGet() <= failures) {
                throw new IOException("attempt " + this.probe.calls.get());
            }
        }

        @RateLimiter("api")
        public String limited() {
            return "ok";
        }

        @RateLimiter(value = "api-weighted", weight = 2)
        public String heavy() {
            return "ok";
        }

        @Bulkhead("payments")
        public String isolated() throws InterruptedException {
            this.probe.entered.countDown();
            this.probe.release.await();
            return "ok";
        }

        @Bulkhead(value = "payments", maxWait = "5s")
        public String isolatedPatient() {
            return "waited";
        }

        @WeightedSemaphore(value = "gateway", weight = 2)
        public String weighted() throws InterruptedException {
            this.probe.entered.countDown();
            this.probe.release.await();
            return "ok";
        }

        @WeightedSemaphore(value = "gateway", weight = 1, timeout = "20ms")
        public String weightedImpatient() {
            return "ok";
        }

        @WeightedSemaphore(value = "gateway", weight = 1, timeout = "0s")
        public String weightedOnlyIfFree() {
            return "ok";
        }

        @Fallback(method = "degraded")
        public String withFallback(String sku) throws IOException {
            throw new IOException("down");
        }

        String degraded(String sku, IOException failure) {
            return "degraded " + sku + " after " + failure.getMessage();
        }

        @Fallback(method = "degradedPlain", on = IllegalStateException.class)
        public String withFilteredFallback(String sku) throws IOException {
            throw new IOException("not handled");
        }

        String degradedPlain(String sku) {
            return "degraded";
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Config {

        @Bean
        Probe probe() {
            return new Probe();
        }

        @Bean
        Downstream downstream(Probe probe) {
            return new Downstream(probe);
        }
    }

    private org.springframework.boot.test.context.runner.ApplicationContextRunner runner() {
        return AnnotationTestSupport.runner().withUserConfiguration(Config.class).withPropertyValues(
                "resiliency.circuit-breaker.inventory.window-size=2",
                "resiliency.circuit-breaker.inventory.minimum-calls=2",
                "resiliency.retry.search.base-delay=1ms", "resiliency.retry.search.max-attempts=3",
                "resiliency.hedged.search.delay=10ms",
                "resiliency.rate-limiter.api.rate=0.001", "resiliency.rate-limiter.api.burst-size=2",
                "resiliency.rate-limiter.api-weighted.rate=0.001", "resiliency.rate-limiter.api-weighted.burst-size=5",
                "resiliency.bulkhead.payments.max-concurrent=1",
                "resiliency.weighted-semaphore.gateway.max=2");
    }

    @Test
    void annotatedBeanIsProxied() {
        runner().run(context -> assertThat(AopUtils.isAopProxy(context.getBean(Downstream.class))).isTrue());
    }

    @Test
    void circuitBreakerOpensAndRejectsWithoutCallingTheMethod() {
        runner().run(context -> {
            Downstream downstream = context.getBean(Downstream.class);
            Probe probe = context.getBean(Probe.class);
            assertThatThrownBy(() -> downstream.guarded(true)).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> downstream.guarded(true)).isInstanceOf(IOException.class);

            assertThatThrownBy(() -> downstream.guarded(false)).isInstanceOf(CircuitOpenException.class);
            assertThat(probe.calls).hasValue(2);
            assertThat(context.getBean(CircuitBreakerRegistry.class).instance("inventory").state()).isEqualTo(State.OPEN);
        });
    }

    @Test
    void circuitBreakerSharesStateWithTheRegistry() {
        runner().run(context -> {
            context.getBean(CircuitBreakerRegistry.class).instance("inventory").forceOpen();
            assertThatThrownBy(() -> context.getBean(Downstream.class).guarded(false))
                    .isInstanceOf(CircuitOpenException.class);
        });
    }

    @Test
    void retryRunsTheMethodAgainUntilItSucceeds() throws Exception {
        runner().run(context -> {
            Downstream downstream = context.getBean(Downstream.class);
            Probe probe = context.getBean(Probe.class);
            assertThat(downstream.flaky(2)).isEqualTo("ok after 3");
            assertThat(context.getBean(RetryRegistry.class).instance("search").stats().successWithRetry()).isEqualTo(1);
        });
    }

    @Test
    void retryRethrowsTheLastExceptionWhenExhausted() {
        runner().run(context -> {
            Downstream downstream = context.getBean(Downstream.class);
            Probe probe = context.getBean(Probe.class);
            assertThatThrownBy(() -> downstream.flaky(5)).isInstanceOf(IOException.class).hasMessage("attempt 3");
            assertThat(probe.calls).hasValue(3);
        });
    }

    @Test
    void voidMethodsAreRetriedToo() {
        runner().run(context -> {
            context.getBean(Downstream.class).fireAndForget(2);
            assertThat(context.getBean(Probe.class).calls).hasValue(3);
        });
    }

    @Test
    void hedgedReturnsTheBackupAndInterruptsTheHungPrimary() {
        runner().run(context -> {
            Downstream downstream = context.getBean(Downstream.class);
            Probe probe = context.getBean(Probe.class);
            assertThat(downstream.slowThenFast()).isEqualTo("backup");
            assertThat(probe.interrupted.await(5, TimeUnit.SECONDS)).isTrue();
            // The copy that starts first hangs; on a loaded machine that may be the hedge, so the winner's index is
            // not asserted, only that a hedge fired and the hung copy was interrupted.
            assertThat(context.getBean(HedgedRegistry.class).instance("search").stats().hedgedRequests()).isEqualTo(1);
        });
    }

    @Test
    void singleFlightCollapsesConcurrentCallsWithTheSameKey() {
        runner().run(context -> {
            Downstream downstream = context.getBean(Downstream.class);
            Probe probe = context.getBean(Probe.class);
            Future<String> leader = this.pool.submit(() -> downstream.stock("A"));
            probe.entered.await();
            List<Future<String>> followers = List.of(this.pool.submit(() -> downstream.stock("A")),
                    this.pool.submit(() -> downstream.stock("A")));
            var flight = context.getBean(SingleFlightRegistry.class).instance("Downstream.stock");
            await().until(() -> flight.stats().sharedCalls() == 2);
            probe.release.countDown();

            assertThat(leader.get()).isEqualTo("stock of A");
            for (Future<String> follower : followers) {
                assertThat(follower.get()).isEqualTo("stock of A");
            }
            assertThat(probe.calls).hasValue(1);
        });
    }

    @Test
    void rateLimiterRejectsBeyondTheBurst() {
        runner().run(context -> {
            Downstream downstream = context.getBean(Downstream.class);
            Probe probe = context.getBean(Probe.class);
            downstream.limited();
            downstream.limited();
            assertThatThrownBy(downstream::limited).isInstanceOf(RateLimitedException.class);
        });
    }

    @Test
    void rateLimiterSpendsTheWeightOfTheAnnotation() {
        runner().run(context -> {
            Downstream downstream = context.getBean(Downstream.class);
            Probe probe = context.getBean(Probe.class);
            downstream.heavy();
            downstream.heavy();
            assertThatThrownBy(downstream::heavy).isInstanceOf(RateLimitedException.class); // 1 token left, weight 2
        });
    }

    @Test
    void bulkheadRejectsWhenFullAndHonoursTheAnnotationsMaxWait() {
        runner().run(context -> {
            Downstream downstream = context.getBean(Downstream.class);
            Probe probe = context.getBean(Probe.class);
            Future<String> holder = this.pool.submit(downstream::isolated);
            probe.entered.await();

            assertThatThrownBy(downstream::isolated).isInstanceOf(BulkheadFullException.class);
            Future<String> patient = this.pool.submit(downstream::isolatedPatient);
            var bulkhead = context.getBean(BulkheadRegistry.class).instance("payments");
            await().until(() -> bulkhead.stats().waiting() == 1);
            probe.release.countDown();

            assertThat(holder.get()).isEqualTo("ok");
            assertThat(patient.get()).isEqualTo("waited");
        });
    }

    @Test
    void weightedSemaphoreTimesOutAWaiterAfterTheAnnotationsTimeout() {
        runner().run(context -> {
            Downstream downstream = context.getBean(Downstream.class);
            Probe probe = context.getBean(Probe.class);
            Future<String> holder = this.pool.submit(downstream::weighted);
            probe.entered.await();

            assertThatThrownBy(downstream::weightedImpatient).isInstanceOf(ResiliencyTimeoutException.class);
            assertThatThrownBy(downstream::weightedOnlyIfFree).as("timeout 0s: only if free now")
                    .isInstanceOf(ResiliencyTimeoutException.class);
            probe.release.countDown();
            assertThat(holder.get()).isEqualTo("ok");
            assertThat(downstream.weightedImpatient()).isEqualTo("ok");
            assertThat(downstream.weightedOnlyIfFree()).isEqualTo("ok");
        });
    }

    @Test
    void fallbackReceivesTheFailureAndTheArguments() {
        runner().run(context -> assertThat(context.getBean(Downstream.class).withFallback("sku-1"))
                .isEqualTo("degraded sku-1 after down"));
    }

    @Test
    void fallbackOnlyAppliesToTheListedExceptions() {
        runner().run(context -> assertThatThrownBy(() -> context.getBean(Downstream.class).withFilteredFallback("x"))
                .isInstanceOf(IOException.class).hasMessage("not handled"));
    }

    @Test
    void asyncFallbackDegradesAFailedFuture() {
        runner().withUserConfiguration(AsyncConfig.class).run(context -> {
            CompletableFuture<String> result = context.getBean(AsyncDownstream.class).page("sku-2");
            assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo("cached sku-2");
        });
    }

    static class AsyncDownstream {

        @Fallback("cached")
        public CompletableFuture<String> page(String sku) {
            return CompletableFuture.failedFuture(new IOException("down"));
        }

        CompletableFuture<String> cached(String sku) {
            return CompletableFuture.completedFuture("cached " + sku);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class AsyncConfig {

        @Bean
        AsyncDownstream asyncDownstream() {
            return new AsyncDownstream();
        }
    }

}
