package dev.resiliency.semaphore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class WeightedSemaphoreValidationTest {

    private final WeightedSemaphore semaphore = WeightedSemaphore.builder("ws").max(5).build();
    private final Callable<String> callable = () -> "x";

    @Test
    void maxIsRequired() {
        assertThatThrownBy(() -> WeightedSemaphore.builder("ws").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("max is required");
    }

    @Test
    void maxMustBeAtLeastOne() {
        assertThatThrownBy(() -> WeightedSemaphore.builder("ws").max(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("max must be >= 1, got: 0");
    }

    @Test
    void nameMustNotBeNull() {
        assertThatThrownBy(() -> WeightedSemaphore.builder(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("name");
    }

    @Test
    void nameMustNotBeBlank() {
        assertThatThrownBy(() -> WeightedSemaphore.builder(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
    }

    @Test
    void tickerMustNotBeNull() {
        assertThatThrownBy(() -> WeightedSemaphore.builder("ws").ticker(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("ticker");
    }

    @Test
    void schedulerMustNotBeNull() {
        assertThatThrownBy(() -> WeightedSemaphore.builder("ws").scheduler(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("scheduler");
    }

    @Test
    void weightBelowOneIsRejectedByEveryEntryPoint() {
        assertInvalidWeight(0);
        assertInvalidWeight(-3);
    }

    @Test
    void weightAboveMaxIsRejectedByEveryEntryPoint() {
        assertInvalidWeight(6);
    }

    @Test
    void invalidWeightNeverTouchesTheQueueOfAFullSemaphore() {
        CompletableFuture<String> holder = new CompletableFuture<>();
        semaphore.acquireAsync(5, () -> holder);
        assertThatThrownBy(() -> semaphore.acquire(6, callable)).isInstanceOf(IllegalArgumentException.class);
        assertThat(semaphore.queueLength()).isZero();
        assertThat(semaphore.stats().rejected()).isZero();
        holder.complete("h");
    }

    @Test
    void callableMustNotBeNull() {
        assertThatThrownBy(() -> semaphore.acquire(1, null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("callable");
        assertThatThrownBy(() -> semaphore.tryAcquire(1, null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("callable");
    }

    @Test
    void supplierMustNotBeNull() {
        assertThatThrownBy(() -> semaphore.acquireAsync(1, null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("supplier");
    }

    @Test
    void timeoutMustNotBeNull() {
        assertThatThrownBy(() -> semaphore.acquire(1, callable, null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> semaphore.acquireAsync(1, () -> CompletableFuture.completedFuture(1), null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("timeout");
    }

    @Test
    void timeoutMustNotBeNegative() {
        assertThatThrownBy(() -> semaphore.acquire(1, callable, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("timeout must be >= 0");
        assertThatThrownBy(() -> semaphore.acquireAsync(1, () -> CompletableFuture.completedFuture(1),
                Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    private void assertInvalidWeight(int weight) {
        String message = "weight must be between 1 and max (5) of semaphore 'ws', got: " + weight;
        assertThatThrownBy(() -> semaphore.acquire(weight, callable)).hasMessage(message);
        assertThatThrownBy(() -> semaphore.acquire(weight, callable, Duration.ofSeconds(1))).hasMessage(message);
        assertThatThrownBy(() -> semaphore.tryAcquire(weight, callable)).hasMessage(message);
        assertThatThrownBy(() -> semaphore.acquireAsync(weight, () -> CompletableFuture.completedFuture(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
