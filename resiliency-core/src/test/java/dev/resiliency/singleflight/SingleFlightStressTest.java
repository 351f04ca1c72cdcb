package dev.resiliency.singleflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resiliency.ResiliencyTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Races with real time that the model checks cannot reach: followers whose timeout expires just as the leader
 * lands, and {@code forget} landing between callers, on real threads, a thousand rounds each with a random spin
 * before each side. After each round: every caller got the value of an execution that really ran (or its own
 * timeout), the stats add up, and no key is left in flight.
 */
class SingleFlightStressTest {

    private static final int ROUNDS = 1_000;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void followerTimeoutsRacingTheLandingNeverLoseAValueNorLeaveTheKeyInFlight() throws Exception {
        SingleFlight flight = SingleFlight.builder("stress").build();
        AtomicInteger executions = new AtomicInteger();
        long calls = 0;
        for (int round = 0; round < ROUNDS; round++) {
            CountDownLatch leaderIn = new CountDownLatch(1);
            CountDownLatch land = new CountDownLatch(1);
            Future<Integer> leader = pool.submit(() -> flight.call("k", () -> {
                leaderIn.countDown();
                land.await();
                return executions.incrementAndGet();
            }));
            leaderIn.await();
            CyclicBarrier go = new CyclicBarrier(3);
            List<Future<Integer>> followers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                long timeoutNanos = ThreadLocalRandom.current().nextLong(1_000, 100_000);
                followers.add(pool.submit(() -> {
                    go.await();
                    return flight.call("k", executions::incrementAndGet, Duration.ofNanos(timeoutNanos));
                }));
            }
            go.await();
            spin();
            land.countDown();
            int value = leader.get(10, TimeUnit.SECONDS);
            calls += 3;
            for (Future<Integer> follower : followers) {
                try {
                    int got = follower.get(10, TimeUnit.SECONDS);
                    // Either shared the leader's value, or arrived after it landed and ran its own.
                    assertThat(got).isBetween(value, executions.get());
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(ResiliencyTimeoutException.class);
                }
            }
            assertThat(flight.inFlight()).isZero();
        }
        SingleFlightStats stats = flight.stats();
        assertThat(stats.leaderCalls()).isEqualTo(executions.get());
        assertThat(stats.leaderCalls() + stats.sharedCalls()).isEqualTo(calls);
    }

    @Test
    void forgetBetweenCallersNeverLosesAFlight() throws Exception {
        SingleFlight flight = SingleFlight.builder("stress").build();
        AtomicInteger executions = new AtomicInteger();
        for (int round = 0; round < ROUNDS; round++) {
            CyclicBarrier go = new CyclicBarrier(3);
            List<Future<Integer>> callers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                callers.add(pool.submit(() -> {
                    go.await();
                    spin();
                    return flight.call("k", () -> {
                        spin();
                        return executions.incrementAndGet();
                    });
                }));
            }
            Future<?> forgetter = pool.submit(() -> {
                go.await();
                spin();
                flight.forget("k");
                return null;
            });
            forgetter.get(10, TimeUnit.SECONDS);
            for (Future<Integer> caller : callers) {
                assertThat(caller.get(10, TimeUnit.SECONDS)).isBetween(1, executions.get());
            }
            assertThat(flight.inFlight()).isZero();
        }
        SingleFlightStats stats = flight.stats();
        assertThat(stats.leaderCalls()).isEqualTo(executions.get());
        assertThat(stats.leaderCalls() + stats.sharedCalls()).isEqualTo(2L * ROUNDS);
    }

    private static void spin() {
        int spins = ThreadLocalRandom.current().nextInt(2_000);
        for (int i = 0; i < spins; i++) {
            Thread.onSpinWait();
        }
    }
}
