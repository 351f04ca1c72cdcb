package dev.resiliency.hedged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PercentileTest {

    private static Percentile filled(int maxSize, long from, long to) {
        Percentile buffer = new Percentile(maxSize);
        for (long v = from; v <= to; v++) {
            buffer.add(v);
        }
        return buffer;
    }

    private static long q(Percentile buffer, double p) {
        return buffer.query(p).getAsLong();
    }

    @Test
    void nearestRankOverOneToHundred() {
        Percentile buffer = filled(1000, 1, 100);
        assertThat(q(buffer, 50)).isEqualTo(50);
        assertThat(q(buffer, 95)).isEqualTo(95);
        assertThat(q(buffer, 99)).isEqualTo(99);
        assertThat(q(buffer, 0)).isEqualTo(1);
        assertThat(q(buffer, 100)).isEqualTo(100);
    }

    @Test
    void evaluatesRankInDoublesInTheReferenceOrder() {
        // 7 / 100.0 * 100 = 7.000000000000001 -> ceil 8 -> index 7 -> value 8
        assertThat(q(filled(1000, 1, 100), 7)).isEqualTo(8);
    }

    @Test
    void nearestRankOverOneToThousand() {
        Percentile buffer = filled(1000, 1, 1000);
        assertThat(q(buffer, 50)).isEqualTo(500);
        assertThat(q(buffer, 99)).isEqualTo(990);
    }

    @Test
    void twoSamples() {
        Percentile buffer = new Percentile(10);
        buffer.add(20);
        buffer.add(10);
        assertThat(q(buffer, 50)).isEqualTo(10);
        assertThat(q(buffer, 100)).isEqualTo(20);
    }

    @Test
    void singleSampleIsEveryPercentile() {
        Percentile buffer = new Percentile(10);
        buffer.add(42);
        for (double p : new double[] {0, 0.001, 1, 50, 99.9, 100}) {
            assertThat(q(buffer, p)).isEqualTo(42);
        }
    }

    @Test
    void emptyBufferHasNoPercentile() {
        assertThat(new Percentile(10).query(50)).isEqualTo(OptionalLong.empty());
        assertThat(new Percentile(10).size()).isZero();
    }

    @Test
    void fullBufferEvictsOldestSample() {
        Percentile buffer = new Percentile(3);
        for (long v : new long[] {10, 20, 30, 40}) {
            buffer.add(v);
        }
        assertThat(buffer.size()).isEqualTo(3);
        assertThat(q(buffer, 0)).isEqualTo(20);
        assertThat(q(buffer, 100)).isEqualTo(40);
    }

    @Test
    void bufferOfTenFedOneToTwentyKeepsTheLastTen() {
        Percentile buffer = filled(10, 1, 20);
        assertThat(q(buffer, 0)).isEqualTo(11);
        assertThat(q(buffer, 100)).isEqualTo(20);
    }

    @Test
    void largeBufferEvictsInOrder() {
        Percentile buffer = filled(10_000, 1, 20_000);
        assertThat(buffer.size()).isEqualTo(10_000);
        assertThat(q(buffer, 0)).isEqualTo(10_001);
        assertThat(q(buffer, 50)).isEqualTo(15_000);
        assertThat(q(buffer, 100)).isEqualTo(20_000);
    }

    @Test
    void evictingADuplicateRemovesOneOccurrence() {
        Percentile buffer = new Percentile(3);
        buffer.add(5);
        buffer.add(5);
        buffer.add(5);
        buffer.add(1); // evicts one 5 -> {5, 5, 1}
        assertThat(q(buffer, 0)).isEqualTo(1);
        assertThat(q(buffer, 50)).isEqualTo(5);
        assertThat(q(buffer, 100)).isEqualTo(5);
        buffer.add(9); // evicts one 5 -> {5, 1, 9}
        assertThat(q(buffer, 0)).isEqualTo(1);
        assertThat(q(buffer, 50)).isEqualTo(5);
        assertThat(q(buffer, 100)).isEqualTo(9);
        buffer.add(9); // evicts the last 5 -> {1, 9, 9}
        assertThat(q(buffer, 50)).isEqualTo(9);
    }

    @Test
    void acceptsNegativeSamples() {
        Percentile buffer = new Percentile(5);
        buffer.add(-3);
        buffer.add(7);
        buffer.add(-10);
        assertThat(q(buffer, 0)).isEqualTo(-10);
        assertThat(q(buffer, 50)).isEqualTo(-3);
        assertThat(q(buffer, 100)).isEqualTo(7);
    }

    @Test
    void matchesANaiveSortOfTheWindowOnRandomInput() {
        Random random = new Random(42);
        for (int round = 0; round < 50; round++) {
            int maxSize = 1 + random.nextInt(64);
            Percentile buffer = new Percentile(maxSize);
            long[] history = new long[random.nextInt(200) + 1];
            for (int i = 0; i < history.length; i++) {
                history[i] = random.nextInt(40) - 10; // many duplicates
                buffer.add(history[i]);
                long[] window = Arrays.copyOfRange(history, Math.max(0, i + 1 - maxSize), i + 1);
                Arrays.sort(window);
                double p = random.nextInt(101);
                int n = window.length;
                int index = p == 0 ? 0 : (int) Math.min(Math.ceil(p / 100.0 * n) - 1, n - 1);
                assertThat(q(buffer, p)).as("p%s of %s", p, Arrays.toString(window)).isEqualTo(window[index]);
            }
        }
    }

    @Test
    void everyRankMatchesANaiveSortAfterEachEviction() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            int maxSize = 1 + random.nextInt(100);
            int spread = 1 + random.nextInt(round % 2 == 0 ? 5 : 1_000); // few distinct values, or many
            Percentile buffer = new Percentile(maxSize);
            long[] history = new long[maxSize + random.nextInt(300)];
            for (int i = 0; i < history.length; i++) {
                history[i] = random.nextInt(spread) - spread / 2;
                buffer.add(history[i]);
                long[] window = Arrays.copyOfRange(history, Math.max(0, i + 1 - maxSize), i + 1);
                Arrays.sort(window);
                int n = window.length;
                for (int p = 0; p <= 100; p++) {
                    int index = p == 0 ? 0 : (int) Math.min(Math.ceil(p / 100.0 * n) - 1, n - 1);
                    assertThat(q(buffer, p)).isEqualTo(window[index]);
                }
            }
        }
    }

    @Test
    void lowerBoundFindsTheFirstEntryNotBelowTheKey() {
        long[] a = {1, 3, 3, 3, 7, 9};

        assertThat(Percentile.lowerBound(a, 0, 6, 3)).isEqualTo(1);
        assertThat(Percentile.lowerBound(a, 0, 6, 4)).isEqualTo(4);
        assertThat(Percentile.lowerBound(a, 0, 6, 0)).isEqualTo(0);
        assertThat(Percentile.lowerBound(a, 0, 6, 10)).isEqualTo(6);
        assertThat(Percentile.lowerBound(a, 2, 5, 3)).isEqualTo(2);
        assertThat(Percentile.lowerBound(a, 2, 5, 8)).isEqualTo(5);
        assertThat(Percentile.lowerBound(a, 3, 3, 100)).as("empty range").isEqualTo(3);
    }

    @Test
    void rejectsPercentileBelowZero() {
        assertThatThrownBy(() -> new Percentile(3).query(-0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("p must be between 0 and 100");
    }

    @Test
    void rejectsPercentileAboveHundred() {
        assertThatThrownBy(() -> new Percentile(3).query(100.1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsNaNPercentile() {
        assertThatThrownBy(() -> new Percentile(3).query(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsMaxSizeBelowOne() {
        assertThatThrownBy(() -> new Percentile(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxSize must be >= 1, got: 0");
    }
}
