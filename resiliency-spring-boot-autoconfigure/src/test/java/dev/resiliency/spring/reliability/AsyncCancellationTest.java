package dev.resiliency.spring.reliability;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.resiliency.spring.annotation.Bulkhead;
import dev.resiliency.spring.annotation.CircuitBreaker;
import dev.resiliency.spring.annotation.Fallback;
import dev.resiliency.spring.annotation.Hedged;
import dev.resiliency.spring.annotation.RateLimiter;
import dev.resiliency.spring.annotation.Retry;
import dev.resiliency.spring.annotation.SingleFlight;
import dev.resiliency.spring.annotation.WeightedSemaphore;
import dev.resiliency.spring.config.ResiliencyAutoConfiguration;
import dev.resiliency.spring.registry.BulkheadRegistry;
import dev.resiliency.spring.registry.CircuitBreakerRegistry;
import dev.resiliency.spring.registry.SingleFlightRegistry;
import dev.resiliency.spring.registry.WeightedSemaphoreRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An asynchronous method through the seven layers (and the fallback) whose downstream hangs: the caller cancels the
 * returned future, and everything the call held is given back, whatever layer it was in (waiting for a permit, or
 * running with its hedge fired), and the downstream work is cancelled.
 */
@Timeout(30)
class AsyncCancellationTest {

    public static class HangingClient {

        final List<CompletableFuture<String>> downstream = new CopyOnWriteArrayList<>();

        @CircuitBreaker("hang")
        @SingleFlight(name = "hang", key = "#id")
        @RateLimiter("hang")
        @Bulkhead("hang")
        @WeightedSemaphore(name = "hang", weight = 2)
        @Retry("hang")
        @Hedged("hang")
        public CompletableFuture<String> fetch(String id) {
            CompletableFuture<String> never = new CompletableFuture<>();
            this.downstream.add(never);
            return never;
        }

        @CircuitBreaker("hang")
        @SingleFlight(name = "hang", key = "#id")
        @RateLimiter("hang")
        @Bulkhead("hang")
        @WeightedSemaphore(name = "hang", weight = 2)
        @Retry("hang")
        @Hedged("hang")
        @Fallback("degraded")
        public CompletableFuture<String> fetchOrDegrade(String id) {
            return fetch(id);
        }

        CompletableFuture<String> degraded(String id) {
            return CompletableFuture.completedFuture("degraded");
        }

        public List<CompletableFuture<String>> downstream() {
            return this.downstream;
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, ResiliencyAutoConfiguration.class))
            .withBean(HangingClient.class)
            .withPropertyValues("resiliency.rate-limiter.hang.rate=1000",
                    "resiliency.bulkhead.hang.max-concurrent=2",
                    "resiliency.bulkhead.hang.max-wait=10s",
                    "resiliency.weighted-semaphore.hang.max=2",
                    "resiliency.hedged.hang.delay=20ms",
                    "resiliency.hedged.hang.timeout=20s");

    @RepeatedTest(3)
    void cancellingTheReturnedFuturesGivesBackEveryPermitAndCancelsTheDownstreamWork() {
        cancelEverythingAndCheckNothingIsLeft(false);
    }

    @RepeatedTest(3)
    void withAFallbackCancellingTheReturnedFuturesStillCancelsTheCalls() {
        cancelEverythingAndCheckNothingIsLeft(true);
    }

    @RepeatedTest(3)
    void aSharedFlightIsCancelledOnlyOnceEveryCallerGaveUp() {
        this.runner.withPropertyValues("resiliency.hedged.hang.max-requests=1").run(context -> {
            assertThat(context).hasNotFailed();
            HangingClient client = context.getBean(HangingClient.class);
            CompletableFuture<String> first = client.fetch("same");
            CompletableFuture<String> second = client.fetch("same");
            assertThat(client.downstream()).hasSize(1);
            assertThat(context.getBean(SingleFlightRegistry.class).instance("hang").stats().sharedCalls()).isEqualTo(1);

            first.cancel(true);
            assertThat(client.downstream().get(0)).as("still wanted by the second caller").isNotCancelled();
            assertThat(second).isNotDone();

            second.cancel(true);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(client.downstream().get(0)).isCancelled();
                assertThat(context.getBean(SingleFlightRegistry.class).instance("hang").inFlight()).isZero();
                assertThat(context.getBean(BulkheadRegistry.class).instance("hang").stats().active()).isZero();
            });

            // the key is free again: the next caller starts a new call instead of joining the cancelled one
            CompletableFuture<String> third = client.fetch("same");
            assertThat(client.downstream()).hasSize(2);
            third.cancel(true);
        });
    }

    private void cancelEverythingAndCheckNothingIsLeft(boolean withFallback) {
        this.runner.run(context -> {
            assertThat(context).hasNotFailed();
            HangingClient client = context.getBean(HangingClient.class);
            java.util.function.Function<String, CompletableFuture<String>> call = withFallback
                    ? client::fetchOrDegrade : client::fetch;
            // a: holds the semaphore (weight 2 of 2) and hedges; b: holds the other bulkhead slot, waits for the
            // semaphore; c: waits for a bulkhead slot
            CompletableFuture<String> a = call.apply("a");
            await().atMost(Duration.ofSeconds(5)).until(() -> client.downstream().size() == 2); // original + hedge
            CompletableFuture<String> b = call.apply("b");
            CompletableFuture<String> c = call.apply("c");
            await().atMost(Duration.ofSeconds(5)).until(
                    () -> semaphore(context).queueLength() == 1 && bulkheadWaiting(context) == 1);

            c.cancel(true);
            b.cancel(true);
            a.cancel(true);

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(context.getBean(BulkheadRegistry.class).instance("hang").stats().active())
                        .as("bulkhead permits held").isZero();
                assertThat(bulkheadWaiting(context)).as("bulkhead waiters").isZero();
                assertThat(semaphore(context).current()).as("semaphore permits held").isZero();
                assertThat(semaphore(context).queueLength()).as("semaphore waiters").isZero();
                assertThat(context.getBean(SingleFlightRegistry.class).instance("hang").inFlight())
                        .as("flights").isZero();
                assertThat(client.downstream()).hasSize(2).allSatisfy(f -> assertThat(f).isCancelled());
                assertThat(ThreadAudit.busyResiliencyThreads()).isEmpty();
            });
            assertThat(context.getBean(CircuitBreakerRegistry.class).instance("hang").state())
                    .isEqualTo(dev.resiliency.circuitbreaker.CircuitBreaker.State.CLOSED);
        });
    }

    private static dev.resiliency.semaphore.WeightedSemaphore semaphore(AssertableApplicationContext context) {
        return context.getBean(WeightedSemaphoreRegistry.class).instance("hang");
    }

    private static int bulkheadWaiting(AssertableApplicationContext context) {
        return context.getBean(BulkheadRegistry.class).instance("hang").stats().waiting();
    }
}
