package dev.resiliency.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The validation and future helpers, at their exact boundaries. */
class InternalMutationKillersTest {

    @Test
    void intChecksReturnTheValueAtTheirBoundaryAndRefuseOneBeyond() {
        assertThat(Checks.positive(1, "n")).isEqualTo(1);
        assertThat(Checks.positive(7, "n")).isEqualTo(7);
        assertThatThrownBy(() -> Checks.positive(0, "n")).hasMessage("n must be >= 1, got: 0");
        assertThat(Checks.nonNegative(0, "n")).isZero();
        assertThat(Checks.nonNegative(9, "n")).isEqualTo(9);
        assertThatThrownBy(() -> Checks.nonNegative(-1, "n")).hasMessage("n must be >= 0, got: -1");
    }

    @Test
    void doubleChecksAcceptTheirBoundaryAndRefuseNaNAndInfinity() {
        assertThat(Checks.nonNegative(0.0, "d")).isZero();
        assertThat(Checks.nonNegative(2.5, "d")).isEqualTo(2.5);
        assertThatThrownBy(() -> Checks.nonNegative(-0.001, "d")).hasMessageContaining("d must be a finite number >= 0");
        assertThatThrownBy(() -> Checks.nonNegative(Double.NaN, "d")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Checks.nonNegative(Double.POSITIVE_INFINITY, "d"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Checks.positive(Double.MIN_VALUE, "d")).isEqualTo(Double.MIN_VALUE);
        assertThat(Checks.positive(3.0, "d")).isEqualTo(3.0);
        assertThatThrownBy(() -> Checks.positive(0.0, "d")).hasMessageContaining("d must be a finite number > 0");
        assertThatThrownBy(() -> Checks.positive(-1.0, "d")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Checks.positive(Double.NaN, "d")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Checks.positive(Double.POSITIVE_INFINITY, "d"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Checks.between(0.0, 0.0, 1.0, "p")).isZero();
        assertThat(Checks.between(1.0, 0.0, 1.0, "p")).isEqualTo(1.0);
        assertThat(Checks.between(0.25, 0.0, 1.0, "p")).isEqualTo(0.25);
        assertThatThrownBy(() -> Checks.between(1.0001, 0.0, 1.0, "p"))
                .hasMessage("p must be between 0.0 and 1.0, got: 1.0001");
        assertThatThrownBy(() -> Checks.between(Double.NaN, 0.0, 1.0, "p")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void durationChecksTellZeroFromNegative() {
        assertThat(Checks.nonNegative(Duration.ZERO, "t")).isZero();
        assertThatThrownBy(() -> Checks.nonNegative(Duration.ofNanos(-1), "t")).hasMessageContaining("t must be >= 0");
        assertThat(Checks.positive(Duration.ofNanos(1), "t")).isEqualTo(Duration.ofNanos(1));
        assertThatThrownBy(() -> Checks.positive(Duration.ZERO, "t")).hasMessageContaining("t must be > 0");
        assertThatThrownBy(() -> Checks.positive(Duration.ofSeconds(-1), "t")).hasMessageContaining("t must be > 0");
        assertThatThrownBy(() -> Checks.positive((Duration) null, "t")).isInstanceOf(NullPointerException.class)
                .hasMessage("t must not be null");
    }

    @Test
    void toNanosSaturatesBothWays() {
        assertThat(Checks.toNanos(Duration.ofMillis(3))).isEqualTo(3_000_000L);
        assertThat(Checks.toNanos(Duration.ofDays(365L * 1000))).isEqualTo(Long.MAX_VALUE);
        assertThat(Checks.toNanos(Duration.ofDays(-365L * 1000))).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void namesMustBePresentAndNotBlank() {
        assertThat(Checks.name("a")).isEqualTo("a");
        assertThatThrownBy(() -> Checks.name(null)).hasMessage("name must not be null");
        assertThatThrownBy(() -> Checks.name(" \t")).hasMessage("name must not be blank");
    }

    @Test
    void unwrapStripsEveryJdkWrapperButNotACauselessOne() {
        IOException root = new IOException("root");
        assertThat(Futures.unwrap(new CompletionException(new ExecutionException(root)))).isSameAs(root);
        CompletionException bare = new CompletionException("no cause", null);
        assertThat(Futures.unwrap(bare)).isSameAs(bare);
        assertThat(Futures.unwrap(root)).isSameAs(root);
    }

    @Test
    void invokeTurnsAThrowingOrNullSupplierIntoAFailedFuture() {
        IllegalStateException boom = new IllegalStateException("boom");
        CompletableFuture<Object> thrown = Futures.invoke(() -> {
            throw boom;
        });
        assertThat(thrown).isCompletedExceptionally();
        assertThatThrownBy(thrown::join).hasCause(boom);
        CompletableFuture<Object> nullStage = Futures.invoke(() -> null);
        assertThatThrownBy(nullStage::join).hasCauseInstanceOf(NullPointerException.class);
        CompletableFuture<String> same = CompletableFuture.completedFuture("v");
        assertThat(Futures.invoke(() -> same)).isSameAs(same);
    }

    @Test
    void sneakyThrowRethrowsACheckedExceptionUnchanged() {
        IOException checked = new IOException("checked");
        assertThatThrownBy(() -> {
            throw Futures.sneakyThrow(checked);
        }).isSameAs(checked);
    }
}
