package dev.resiliency.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutcomesTest {

    private static long pack(long total, long failures, long slow) {
        return (total << 42) + (failures << 21) + slow;
    }

    @Test
    void decodesPositiveFields() {
        long packed = pack(1_000_000, 999_999, 123_456);

        assertThat(Outcomes.total(packed)).isEqualTo(1_000_000);
        assertThat(Outcomes.failures(packed)).isEqualTo(999_999);
        assertThat(Outcomes.slow(packed)).isEqualTo(123_456);
    }

    @Test
    void decodesTransientlyNegativeFields() {
        long packed = pack(3, -2, -1);

        assertThat(Outcomes.total(packed)).isEqualTo(3);
        assertThat(Outcomes.failures(packed)).isEqualTo(-2);
        assertThat(Outcomes.slow(packed)).isEqualTo(-1);
    }

    @Test
    void contributionsOfCodesAddUp() {
        long packed = Outcomes.contribution(Outcomes.SUCCESS) + Outcomes.contribution(Outcomes.FAILURE | Outcomes.SLOW)
                + Outcomes.contribution(Outcomes.SUCCESS | Outcomes.SLOW) - Outcomes.contribution(Outcomes.SUCCESS);

        assertThat(Outcomes.total(packed)).isEqualTo(2);
        assertThat(Outcomes.failures(packed)).isEqualTo(1);
        assertThat(Outcomes.slow(packed)).isEqualTo(2);
        assertThat(Outcomes.contribution(0)).isZero();
    }
}
