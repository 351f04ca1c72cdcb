package dev.resiliency.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class SettledTest {

    @Test
    void successHoldsItsValue() {
        Settled<String> settled = Settled.success("v");

        assertThat(settled.isSuccess()).isTrue();
        assertThat(settled.value()).isEqualTo("v");
        assertThat(settled).isEqualTo(new Settled.Success<>("v"));
    }

    @Test
    void successMayHoldNull() {
        assertThat(Settled.success(null).value()).isNull();
    }

    @Test
    void successHasNoError() {
        assertThatThrownBy(() -> Settled.success("v").error()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void failureHoldsItsError() {
        IOException error = new IOException("x");
        Settled<String> settled = Settled.failure(error);

        assertThat(settled.isSuccess()).isFalse();
        assertThat(settled.error()).isSameAs(error);
    }

    @Test
    void failureValueThrowsWithTheErrorAsCause() {
        IOException error = new IOException("x");

        assertThatThrownBy(() -> Settled.failure(error).value())
                .isInstanceOf(IllegalStateException.class)
                .hasCause(error);
    }

    @Test
    void failureRejectsNullError() {
        assertThatThrownBy(() -> Settled.failure(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("error must not be null");
    }
}
