package dev.resiliency.retry;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** One test per builder rule: each names the option and the rule. */
class BackoffRetryValidationTest {

    private static BackoffRetry.Builder builder() {
        return BackoffRetry.builder("test");
    }

    @Test
    void nameIsRequired() {
        assertThatNullPointerException().isThrownBy(() -> BackoffRetry.builder(null)).withMessage("name must not be null");
    }

    @Test
    void nameMustNotBeBlank() {
        assertThatIllegalArgumentException().isThrownBy(() -> BackoffRetry.builder(" "))
                .withMessage("name must not be blank");
    }

    @Test
    void maxAttemptsMustBeAtLeastOne() {
        assertThatIllegalArgumentException().isThrownBy(() -> builder().maxAttempts(0).build())
                .withMessage("maxAttempts must be >= 1, got: 0");
    }

    @Test
    void baseDelayMustNotBeNegative() {
        assertThatIllegalArgumentException().isThrownBy(() -> builder().baseDelay(Duration.ofMillis(-1)).build())
                .withMessage("baseDelay must be >= 0, got: PT-0.001S");
    }

    @Test
    void maxDelayMustNotBeNegative() {
        assertThatIllegalArgumentException().isThrownBy(() -> builder().maxDelay(Duration.ofMillis(-1)).build())
                .withMessageStartingWith("maxDelay must be >= 0");
    }

    @Test
    void multiplierMustBeAtLeastOne() {
        assertThatIllegalArgumentException().isThrownBy(() -> builder().multiplier(0.9).build())
                .withMessage("multiplier must be a finite number >= 1.0, got: 0.9");
    }

    @Test
    void multiplierMustBeFinite() {
        assertThatIllegalArgumentException().isThrownBy(() -> builder().multiplier(Double.NaN).build())
                .withMessageStartingWith("multiplier must be a finite number");
        assertThatIllegalArgumentException().isThrownBy(() -> builder().multiplier(Double.POSITIVE_INFINITY).build())
                .withMessageStartingWith("multiplier must be a finite number");
    }

    @Test
    void incrementMustNotBeNegative() {
        assertThatIllegalArgumentException().isThrownBy(() -> builder().increment(Duration.ofMillis(-1)).build())
                .withMessageStartingWith("increment must be >= 0");
    }

    @Test
    void jitterMustNotBeNegative() {
        assertThatIllegalArgumentException().isThrownBy(() -> builder().jitter(-0.1).build())
                .withMessage("jitter must be between 0.0 and 1.0, got: -0.1");
    }

    @Test
    void jitterMustNotExceedOne() {
        assertThatIllegalArgumentException().isThrownBy(() -> builder().jitter(1.5).build())
                .withMessage("jitter must be between 0.0 and 1.0, got: 1.5");
    }

    @Test
    void jitterMustBeANumber() {
        assertThatIllegalArgumentException().isThrownBy(() -> builder().jitter(Double.NaN).build())
                .withMessageStartingWith("jitter must be between");
    }

    @Test
    void budgetMustBePositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> builder().budget(Duration.ZERO).build())
                .withMessage("budget must be > 0, got: PT0S");
        assertThatIllegalArgumentException().isThrownBy(() -> builder().budget(Duration.ofSeconds(-1)).build())
                .withMessageStartingWith("budget must be > 0");
    }

    @Test
    void nullArgumentsAreRejectedNamingTheArgument() {
        assertThatNullPointerException().isThrownBy(() -> builder().backoff((BackoffType) null))
                .withMessage("backoff must not be null");
        assertThatNullPointerException().isThrownBy(() -> builder().backoff((Backoff) null))
                .withMessage("backoff must not be null");
        assertThatNullPointerException().isThrownBy(() -> builder().baseDelay(null)).withMessage("baseDelay must not be null");
        assertThatNullPointerException().isThrownBy(() -> builder().maxDelay(null)).withMessage("maxDelay must not be null");
        assertThatNullPointerException().isThrownBy(() -> builder().increment(null)).withMessage("increment must not be null");
        assertThatNullPointerException().isThrownBy(() -> builder().budget(null)).withMessage("budget must not be null");
        assertThatNullPointerException().isThrownBy(() -> builder().retryIf(null)).withMessage("retryIf must not be null");
        assertThatNullPointerException().isThrownBy(() -> builder().retryOnResult(null))
                .withMessage("retryOnResult must not be null");
        assertThatNullPointerException().isThrownBy(() -> builder().onRetry(null)).withMessage("onRetry must not be null");
        assertThatNullPointerException().isThrownBy(() -> builder().ticker(null)).withMessage("ticker must not be null");
        assertThatNullPointerException().isThrownBy(() -> builder().sleeper(null)).withMessage("sleeper must not be null");
        assertThatNullPointerException().isThrownBy(() -> builder().scheduler(null)).withMessage("scheduler must not be null");
        assertThatNullPointerException().isThrownBy(() -> builder().executor(null)).withMessage("executor must not be null");
    }

    @Test
    void callableMustNotBeNull() {
        assertThatNullPointerException().isThrownBy(() -> builder().build().call(null))
                .withMessage("callable must not be null");
    }

    @Test
    void supplierMustNotBeNull() {
        assertThatNullPointerException().isThrownBy(() -> builder().build().callAsync(null))
                .withMessage("supplier must not be null");
    }

    @Test
    void boundaryValuesAreAccepted() {
        builder().maxAttempts(1).baseDelay(Duration.ZERO).maxDelay(Duration.ZERO).multiplier(1.0)
                .increment(Duration.ZERO).jitter(0.0).budget(Duration.ofNanos(1)).build();
        builder().jitter(1.0).maxDelay(Duration.ofDays(365_000)).build();
    }
}
