package dev.resiliency.sample.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The simulated latency distribution: log-normal body around the median, an exact tail fraction, a cap. */
class LatencyModelTest {

    @Test
    void exactlyTheTailFractionOfRequestsFallsInTheTail() {
        assertThat(LongStream.range(0, 1000).filter(i -> LatencyModel.inTail(i, 0.03)).count()).isEqualTo(30);
        assertThat(LongStream.range(0, 200).filter(i -> LatencyModel.inTail(i, 0.05)).count()).isEqualTo(10);
        assertThat(LongStream.range(0, 1000).filter(i -> LatencyModel.inTail(i, 0.0)).count()).isZero();
        assertThat(LongStream.range(0, 100).filter(i -> LatencyModel.inTail(i, 1.0)).count()).isEqualTo(100);
    }

    @Test
    void tailRequestsAreSpreadEvenly() {
        long[] tail = LongStream.range(0, 200).filter(i -> LatencyModel.inTail(i, 0.05)).toArray();

        for (int i = 1; i < tail.length; i++) {
            assertThat(tail[i] - tail[i - 1]).isEqualTo(20);
        }
    }

    @Test
    void theBodyIsCentredOnTheMedian() {
        SimulationSettings settings = SimulationSettings.DEFAULTS;
        Random random = new Random(42);
        long[] body = new long[5000];
        for (int i = 0; i < body.length; i++) {
            body[i] = LatencyModel.sampleMillis(settings, false, random);
        }
        Arrays.sort(body);

        assertThat(body[body.length / 2]).isBetween(18L, 22L);
        assertThat(body[body.length - 1]).isLessThan(300); // sigma 0.35: the body never reaches the tail
    }

    @Test
    void tailRequestsTakeAtLeastTheTailLatencyAndNeverMoreThanTheCap() {
        SimulationSettings settings = SimulationSettings.DEFAULTS;
        Random random = new Random(7);
        long[] tail = new long[5000];
        for (int i = 0; i < tail.length; i++) {
            tail[i] = LatencyModel.sampleMillis(settings, true, random);
        }
        Arrays.sort(tail);

        assertThat(tail[0]).isGreaterThanOrEqualTo(300);
        assertThat(tail[tail.length - 1]).isLessThanOrEqualTo(2500);
        // Pareto(300, 1.5): median 300 * 2^(1/1.5) ~ 476 ms; a heavy tail, some requests hit the cap.
        assertThat(tail[tail.length / 2]).isBetween(430L, 530L);
        assertThat(tail[tail.length - 1]).isEqualTo(2500);
    }

    @Test
    void noSpreadMeansAlwaysTheMedian() {
        SimulationSettings fixed = SimulationSettings.fixed(120);

        assertThat(LatencyModel.sampleMillis(fixed, false, new Random(1))).isEqualTo(120);
        assertThat(LatencyModel.sampleMillis(fixed, false, new Random(2))).isEqualTo(120);
    }
}
