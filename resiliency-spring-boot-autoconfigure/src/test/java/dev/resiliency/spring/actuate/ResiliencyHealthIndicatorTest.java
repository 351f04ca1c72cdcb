package dev.resiliency.spring.actuate;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import dev.resiliency.bulkhead.Bulkhead;
import dev.resiliency.circuitbreaker.CircuitBreaker;
import dev.resiliency.semaphore.WeightedSemaphore;
import dev.resiliency.spring.config.BulkheadProperties;
import dev.resiliency.spring.config.CircuitBreakerProperties;
import dev.resiliency.spring.config.WeightedSemaphoreProperties;
import dev.resiliency.spring.registry.BulkheadRegistry;
import dev.resiliency.spring.registry.CircuitBreakerRegistry;
import dev.resiliency.spring.registry.WeightedSemaphoreRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ResiliencyHealthIndicatorTest {

    private final ExecutorService threads = Executors.newCachedThreadPool();

    private final CircuitBreakerRegistry circuitBreakers = new CircuitBreakerRegistry(Map.of(
            "soft", new CircuitBreakerProperties(), "hard", affecting(new CircuitBreakerProperties())));

    private final BulkheadRegistry bulkheads = new BulkheadRegistry(Map.of(
            "soft", bulkhead(false), "hard", bulkhead(true)));

    private final WeightedSemaphoreRegistry semaphores = new WeightedSemaphoreRegistry(Map.of(
            "soft", semaphore(false), "hard", semaphore(true)));

    private final ResiliencyHealthIndicator indicator = new ResiliencyHealthIndicator(this.circuitBreakers,
            this.bulkheads, this.semaphores);

    @AfterEach
    void stopThreads() {
        this.threads.shutdownNow();
    }

    @Test
    void isUpWithDetailsPerInstanceWhenAllIsWell() {
        Health health = this.indicator.health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsOnlyKeys("circuit-breaker", "bulkhead", "weighted-semaphore");
        assertThat(details(health, "circuit-breaker", "hard")).containsEntry("state", "CLOSED")
                .containsEntry("healthAffectsStatus", true);
        assertThat(details(health, "bulkhead", "soft")).containsEntry("maxConcurrent", 1)
                .containsEntry("full", false).containsEntry("healthAffectsStatus", false);
        assertThat(details(health, "weighted-semaphore", "soft")).containsEntry("max", 2).containsEntry("used", 0);
    }

    @Test
    void aForcedOpenCircuitWithHealthAffectsStatusIsDown() {
        this.circuitBreakers.instance("hard").forceOpen();

        Health health = this.indicator.health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails().get("unhealthy")).asList().containsExactly("circuit-breaker/hard");
    }

    @Test
    void anOpenCircuitWithoutHealthAffectsStatusStaysUp() {
        this.circuitBreakers.instance("soft").forceOpen();

        Health health = this.indicator.health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(details(health, "circuit-breaker", "soft")).containsEntry("state", "FORCED_OPEN");
    }

    @Test
    void fullBulkheadsAndSemaphoresAreDownOnlyWithHealthAffectsStatus() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Future<?> softBulkhead = hold(this.bulkheads.instance("soft"), release);
        Future<?> softSemaphore = hold(this.semaphores.instance("soft"), release);
        await().until(() -> this.bulkheads.instance("soft").stats().active() == 1
                && this.semaphores.instance("soft").current() == 2);

        assertThat(this.indicator.health().getStatus()).isEqualTo(Status.UP);

        Future<?> hardBulkhead = hold(this.bulkheads.instance("hard"), release);
        Future<?> hardSemaphore = hold(this.semaphores.instance("hard"), release);
        await().until(() -> this.bulkheads.instance("hard").stats().active() == 1
                && this.semaphores.instance("hard").current() == 2);

        Health health = this.indicator.health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails().get("unhealthy")).asList()
                .containsExactly("bulkhead/hard", "weighted-semaphore/hard");
        assertThat(details(health, "bulkhead", "soft")).containsEntry("full", true);

        release.countDown();
        for (Future<?> held : new Future<?>[] { softBulkhead, softSemaphore, hardBulkhead, hardSemaphore }) {
            held.get();
        }
        assertThat(this.indicator.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void leavesOutAbsentKinds() {
        Health health = new ResiliencyHealthIndicator(this.circuitBreakers, null, null).health();

        assertThat(health.getDetails()).containsOnlyKeys("circuit-breaker");
    }

    private Future<?> hold(Bulkhead bulkhead, CountDownLatch release) {
        return this.threads.submit(() -> bulkhead.call(() -> {
            release.await();
            return null;
        }, Duration.ZERO));
    }

    private Future<?> hold(WeightedSemaphore semaphore, CountDownLatch release) {
        return this.threads.submit(() -> semaphore.acquire(2, () -> {
            release.await();
            return null;
        }));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> details(Health health, String kind, String name) {
        return (Map<String, Object>) ((Map<String, Object>) health.getDetails().get(kind)).get(name);
    }

    private static CircuitBreakerProperties affecting(CircuitBreakerProperties properties) {
        properties.setHealthAffectsStatus(true);
        return properties;
    }

    private static BulkheadProperties bulkhead(boolean affects) {
        BulkheadProperties properties = new BulkheadProperties();
        properties.setMaxConcurrent(1);
        properties.setHealthAffectsStatus(affects);
        return properties;
    }

    private static WeightedSemaphoreProperties semaphore(boolean affects) {
        WeightedSemaphoreProperties properties = new WeightedSemaphoreProperties();
        properties.setMax(2);
        properties.setHealthAffectsStatus(affects);
        return properties;
    }
}
