package dev.resiliency.ratelimiter;

import dev.resiliency.testing.FakeTicker;
import java.time.Duration;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of the lock-free {@link TokenBucket} (one CAS on one word) against a plain counting bucket while
 * the clock stands still: a take of {@code w} succeeds iff {@code w} tokens are there, and every token is taken at
 * most once however the takes interleave.
 *
 * <p>The clock is frozen on purpose. With time moving during a take the bucket is <em>not</em> linearizable
 * against a capped counter: a take that read the clock, then stalled while time passed, is charged as of the
 * older instant, so it can claim tokens that a counter would have dropped at the cap (Lincheck found the
 * history). That slack never breaks the bucket's real promise, at most {@code burst + rate * elapsed} tokens over
 * any period, which {@link RateLimiterStressTest} checks with the clock moving under concurrent takers.
 */
@Tag("lincheck") // runs in its own JVM, see the surefire executions in pom.xml
@Param(name = "weight", gen = IntGen.class, conf = "1:3")
public class TokenBucketLincheckTest {

    static final int BURST = 5;
    static final long INTERVAL = Duration.ofMillis(1).toNanos(); // rate 1000 tokens/s

    private final FakeTicker ticker = new FakeTicker();
    private final TokenBucket bucket = new TokenBucket(INTERVAL, BURST, ticker);

    @Operation
    public boolean take(@Param(name = "weight") int weight) {
        return bucket.reserve(weight, 0L) >= 0;
    }

    @Operation
    public int whole() {
        return (int) Math.floor(bucket.available());
    }

    @Test
    void modelCheckingFindsNoNonLinearizableHistory() {
        new ModelCheckingOptions().iterations(8).invocationsPerIteration(500).threads(3).actorsPerThread(3)
                .sequentialSpecification(Model.class).check(TokenBucketLincheckTest.class);
    }

    @Test
    void stressFindsNoNonLinearizableHistory() {
        new StressOptions().iterations(4).invocationsPerIteration(500).threads(3).actorsPerThread(3)
                .sequentialSpecification(Model.class).check(TokenBucketLincheckTest.class);
    }

    /** The sequential specification: a counter of whole tokens. */
    public static final class Model {
        private int tokens = BURST;

        public boolean take(int weight) {
            if (tokens >= weight) {
                tokens -= weight;
                return true;
            }
            return false;
        }

        public int whole() {
            return tokens;
        }
    }
}
