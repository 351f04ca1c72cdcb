package dev.resiliency.spring.reliability;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.resiliency.spring.annotation.Bulkhead;
import dev.resiliency.spring.annotation.Hedged;
import dev.resiliency.spring.annotation.Retry;
import dev.resiliency.spring.annotation.WeightedSemaphore;
import dev.resiliency.spring.config.ResiliencyAutoConfiguration;
import dev.resiliency.spring.registry.BulkheadRegistry;
import dev.resiliency.spring.registry.WeightedSemaphoreRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Valid but extreme values: a duration beyond what a {@code long} of nanoseconds holds (about 292 years) is a
 * legitimate way to write "forever" and is accepted at start-up, so calls must work with it, asynchronous ones
 * included (their timers are scheduled with that delay).
 */
@Timeout(30)
class ExtremeValuesTest {

    private static final String FOREVER = "999999999999d";

    public static class Forever {

        private final CompletableFuture<String> first = new CompletableFuture<>();

        @Hedged("forever")
        @Retry("forever")
        public CompletableFuture<String> hedged() {
            return CompletableFuture.completedFuture("ok");
        }

        @Bulkhead("forever")
        @WeightedSemaphore(value = "forever", timeout = FOREVER)
        public CompletableFuture<String> held(String id) {
            return id.equals("first") ? this.first : CompletableFuture.completedFuture(id);
        }

        /** Completes the first call (a method: fields of the proxy are not the target's). */
        public void release() {
            this.first.complete("first");
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, ResiliencyAutoConfiguration.class))
            .withBean(Forever.class)
            .withPropertyValues("resiliency.hedged.forever.timeout=" + FOREVER,
                    "resiliency.hedged.forever.delay=" + FOREVER,
                    "resiliency.retry.forever.budget=" + FOREVER,
                    "resiliency.retry.forever.max-delay=" + FOREVER,
                    "resiliency.bulkhead.forever.max-concurrent=1",
                    "resiliency.bulkhead.forever.max-wait=" + FOREVER,
                    "resiliency.weighted-semaphore.forever.max=1");

    @Test
    void asynchronousHedgedCallWithAForeverTimeoutCompletes() {
        this.runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(Forever.class).hedged().get(5, TimeUnit.SECONDS)).isEqualTo("ok");
        });
    }

    @Test
    void asynchronousWaitsWithForeverTimeoutsWaitThenProceed() {
        this.runner.run(context -> {
            assertThat(context).hasNotFailed();
            Forever bean = context.getBean(Forever.class);
            CompletableFuture<String> first = bean.held("first");
            CompletableFuture<String> second = bean.held("second"); // waits for the bulkhead, "forever" at most
            await().atMost(Duration.ofSeconds(5)).until(
                    () -> context.getBean(BulkheadRegistry.class).instance("forever").stats().waiting() == 1);
            assertThat(second).isNotDone();

            bean.release();
            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("first");
            assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo("second");
            assertThat(context.getBean(BulkheadRegistry.class).instance("forever").stats().active()).isZero();
            assertThat(context.getBean(WeightedSemaphoreRegistry.class).instance("forever").current()).isZero();
        });
    }
}
