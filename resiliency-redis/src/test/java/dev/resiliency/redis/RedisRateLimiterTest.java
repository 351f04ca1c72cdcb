package dev.resiliency.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resiliency.RateLimitedException;
import dev.resiliency.ratelimiter.RateLimiter;
import dev.resiliency.redis.support.Processes;
import dev.resiliency.redis.support.TestRedis;

/** The Redis token bucket against a real Redis, from several "processes". */
class RedisRateLimiterTest {

    private static TestRedis redis;
    private Processes processes;

    @BeforeAll
    static void startRedis() {
        redis = TestRedis.launch();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void fresh() {
        processes = new Processes(redis);
        processes.flushAll();
    }

    @AfterEach
    void close() {
        processes.close();
    }

    private RateLimiter limiter(RedisResiliency process, String name, double rate, int burst) {
        return RateLimiter.builder(name).rate(rate).burstSize(burst).backend(process.rateLimiterBackend()).build();
    }

    @Test
    void grantsTheBurstThenRejectsWithTheTimeUntilTheNextToken() throws Exception {
        RateLimiter limiter = limiter(processes.process(), "api", 1.0, 5);

        for (int i = 0; i < 5; i++) {
            assertThat(limiter.call(() -> "ok")).isEqualTo("ok");
        }

        assertThatThrownBy(() -> limiter.call(() -> "no")).isInstanceOfSatisfying(RateLimitedException.class,
                e -> assertThat(e.retryAfter()).isBetween(Duration.ofMillis(800), Duration.ofMillis(1000)));
        assertThat(limiter.stats().permitted()).isEqualTo(5);
        assertThat(limiter.stats().rejected()).isEqualTo(1);
    }

    @Test
    void aCallTakesItsWeight() {
        RateLimiter limiter = limiter(processes.process(), "api", 0.001, 9);

        assertThat(limiter.tryAcquire(3)).isTrue();
        assertThat(limiter.tryAcquire(3)).isTrue();
        assertThat(limiter.tryAcquire(3)).isTrue();
        assertThat(limiter.tryAcquire(1)).isFalse();
    }

    @Test
    void rateLimitersOfTheSameNameInDifferentProcessesShareOneBucket() {
        RateLimiter first = limiter(processes.process(), "quota", 0.001, 10);
        RateLimiter second = limiter(processes.process(), "quota", 0.001, 10);
        RateLimiter otherName = limiter(processes.process(), "other", 0.001, 10);

        int granted = 0;
        for (int i = 0; i < 10; i++) {
            granted += first.tryAcquire(1) ? 1 : 0;
            granted += second.tryAcquire(1) ? 1 : 0;
        }

        assertThat(granted).isEqualTo(10);
        assertThat(otherName.tryAcquire(10)).isTrue();
    }

    @RepeatedTest(3)
    void neverOverGrantsUnderConcurrencyFromSeveralProcesses() throws Exception {
        int threads = 8;
        int attemptsPerThread = 100;
        List<RateLimiter> limiters = List.of(limiter(processes.process(), "hot", 0.001, 200),
                limiter(processes.process(), "hot", 0.001, 200));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CyclicBarrier start = new CyclicBarrier(threads);
        try {
            List<Future<Integer>> counts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                RateLimiter limiter = limiters.get(t % 2);
                counts.add(pool.submit(() -> {
                    start.await();
                    int granted = 0;
                    for (int i = 0; i < attemptsPerThread; i++) {
                        granted += limiter.tryAcquire(1) ? 1 : 0;
                    }
                    return granted;
                }));
            }
            int total = 0;
            for (Future<Integer> count : counts) {
                total += count.get(30, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(200);
            long permitted = limiters.stream().mapToLong(l -> l.stats().permitted()).sum();
            long rejected = limiters.stream().mapToLong(l -> l.stats().rejected()).sum();
            assertThat(permitted).isEqualTo(200);
            assertThat(permitted + rejected).isEqualTo((long) threads * attemptsPerThread);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCallAllowedToWaitReservesItsTokensAndSleepsUntilThen() throws Exception {
        List<Duration> slept = new ArrayList<>();
        RateLimiter limiter = RateLimiter.builder("api").rate(10).burstSize(1).maxWait(Duration.ofSeconds(1))
                .sleeper(slept::add).backend(processes.process().rateLimiterBackend()).build();

        limiter.call(() -> "first");
        limiter.call(() -> "second");

        assertThat(slept).hasSize(1);
        assertThat(slept.get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
    }

    @Test
    void asyncCallsDrawFromTheSharedBucketWithoutBlockingTheCaller() {
        RateLimiter limiter = limiter(processes.process(), "api", 0.001, 2);

        List<CompletableFuture<String>> calls = List.of(
                limiter.callAsync(() -> CompletableFuture.completedFuture("a")),
                limiter.callAsync(() -> CompletableFuture.completedFuture("b")),
                limiter.callAsync(() -> CompletableFuture.completedFuture("c")));

        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        assertThat(calls).filteredOn(call -> !call.isCompletedExceptionally()).hasSize(2);
        assertThat(calls).filteredOn(CompletableFuture::isCompletedExceptionally).singleElement()
                .satisfies(rejected -> assertThat(rejected).failsWithin(Duration.ZERO)
                        .withThrowableOfType(Exception.class).havingCause().isInstanceOf(RateLimitedException.class));
        assertThat(limiter.stats().permitted()).isEqualTo(2);
    }

    @Test
    void statsShowTheSharedBucketAndResetRefillsIt() {
        RedisResiliency process = processes.process();
        RateLimiter limiter = limiter(process, "api", 0.001, 4);
        RateLimiter elsewhere = limiter(processes.process(), "api", 0.001, 4);
        elsewhere.tryAcquire(3);

        assertThat(limiter.stats().availableTokens()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.01));

        limiter.reset();

        assertThat(elsewhere.stats().availableTokens()).isEqualTo(4.0);
        assertThat(elsewhere.tryAcquire(4)).isTrue();
    }

    @Test
    void anIdleBucketExpiresOnceItWouldBeFullAnyway() {
        RedisResiliency process = processes.process();
        RateLimiter limiter = limiter(process, "api", 100, 10);
        limiter.tryAcquire(5);

        Long ttl = new StringRedisTemplate(processes.connection())
                .getExpire(process.rateLimiterBackend().keyOf("api"), TimeUnit.MILLISECONDS);

        assertThat(ttl).isBetween(1L, 52L); // 5 tokens at 100/s: full again within 50 ms
    }
}
