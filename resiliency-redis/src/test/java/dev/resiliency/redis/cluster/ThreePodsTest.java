package dev.resiliency.redis.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.resiliency.RateLimitedException;
import dev.resiliency.redis.RedisResiliency;
import dev.resiliency.redis.support.TestRedis;
import dev.resiliency.singleflight.RemoteFlightException;
import dev.resiliency.singleflight.SingleFlight;
import dev.resiliency.spring.registry.SingleFlightRegistry;

/**
 * Three application contexts ("pods") sharing one Redis: a cluster-wide quota, and cluster-wide single flight for
 * concurrent cache misses, including when the pod running the call goes away.
 */
class ThreePodsTest {

    private static final int CALLERS_PER_POD = 50;

    private static TestRedis redis;
    private static final Downstream downstream = new Downstream();
    private static final List<ConfigurableApplicationContext> pods = new ArrayList<>();
    private final ExecutorService callers = Executors.newCachedThreadPool();

    @BeforeAll
    static void startRedisAndPods() {
        redis = TestRedis.launch();
        for (int i = 0; i < 3; i++) {
            pods.add(PodApplication.start(redis, downstream));
        }
    }

    @AfterAll
    static void stopPodsAndRedis() {
        downstream.open();
        pods.forEach(ConfigurableApplicationContext::close);
        redis.close();
    }

    @BeforeEach
    void fresh() {
        downstream.reset();
        try (var connection = pods.get(0).getBean(RedisConnectionFactory.class).getConnection()) {
            connection.serverCommands().flushAll();
        }
    }

    @AfterEach
    void stopCallers() {
        downstream.open();
        callers.shutdownNow();
    }

    private static Catalog catalog(ConfigurableApplicationContext pod) {
        return pod.getBean(Catalog.class);
    }

    private static SingleFlight products(ConfigurableApplicationContext pod) {
        return pod.getBean(SingleFlightRegistry.class).instance("products");
    }

    @Test
    void aHundredPerSecondLimiterGrantsAHundredPerSecondAcrossThreePodsUnderTenSecondsOfLoad() throws Exception {
        Queue<Long> grants = new ConcurrentLinkedQueue<>();
        AtomicLong rejected = new AtomicLong();
        ScheduledExecutorService load = Executors.newScheduledThreadPool(6);
        CountDownLatch done = new CountDownLatch(1);
        long windowStart;
        try {
            // 6 workers (2 per pod), each trying every 2 ms: about 3,000 attempts per second against a 100/s quota
            for (int worker = 0; worker < 6; worker++) {
                Catalog catalog = catalog(pods.get(worker % 3));
                load.scheduleAtFixedRate(() -> {
                    try {
                        catalog.callInventoryApi();
                        grants.add(System.nanoTime());
                    } catch (RateLimitedException expected) {
                        rejected.incrementAndGet();
                    }
                }, 0, 2, TimeUnit.MILLISECONDS);
            }
            // two seconds of warm-up (JIT, connections, the initial burst), then the measured ten seconds
            windowStart = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            load.schedule(done::countDown, 12, TimeUnit.SECONDS);
            done.await();
        } finally {
            load.shutdownNow();
            load.awaitTermination(5, TimeUnit.SECONDS);
        }
        long windowEnd = windowStart + TimeUnit.SECONDS.toNanos(10);
        long granted = grants.stream().filter(t -> t - windowStart >= 0 && t - windowEnd < 0).count();

        // 100/s for 10 s, all pods together: within ±5% of 1,000
        assertThat(granted).isBetween(950L, 1050L);
        assertThat(rejected.get()).isGreaterThan(10 * granted); // the pods were really pushing past the quota
    }

    @Test
    void threeTimesFiftyConcurrentMissesForOneKeyMakeExactlyOneDownstreamCall() throws Exception {
        long[] before = callsSoFar();
        List<Future<String>> results = missesFromEveryPod("sku-42");

        awaitEveryCallerJoined(before);
        downstream.open();

        for (Future<String> result : results) {
            assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo("product sku-42");
        }
        assertThat(downstream.calls()).isEqualTo(1);
    }

    @Test
    void aFailureOfTheOneDownstreamCallReachesEveryCaller() throws Exception {
        IOException boom = new IOException("database down");
        downstream.failWith(boom);
        long[] before = callsSoFar();
        List<Future<String>> results = missesFromEveryPod("sku-13");

        awaitEveryCallerJoined(before);
        downstream.open();

        Map<Throwable, Boolean> thrown = new IdentityHashMap<>();
        for (Future<String> result : results) {
            thrown.put(failureOf(result), true);
        }
        assertThat(downstream.calls()).isEqualTo(1);
        // the pod that ran the call: the very exception; the others: the same failure, by class and message
        assertThat(thrown.keySet()).hasSize(3).contains(boom);
        assertThat(thrown.keySet()).filteredOn(e -> e != boom).allSatisfy(e -> assertThat(e)
                .isInstanceOfSatisfying(RemoteFlightException.class, remote -> {
                    assertThat(remote.remoteType()).isEqualTo(IOException.class.getName());
                    assertThat(remote.remoteMessage()).isEqualTo("database down");
                }));
    }

    @Test
    void whenThePodRunningTheCallStopsAnotherPodCompletesTheFlightAndNoCallerWaitsForever() throws Exception {
        long[] before = callsSoFar();
        List<Future<String>> results = missesFromEveryPod("sku-7");
        awaitEveryCallerJoined(before);
        int holder = podRunningTheCall();

        try {
            pods.get(holder).close(); // mid-call: the lease is given up, the others take over at once

            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> downstream.calls() == 2); // < lease time
            downstream.open(); // both the abandoned call and the new one complete
            for (Future<String> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo("product sku-7");
            }
            assertThat(downstream.calls()).isEqualTo(2);
        } finally {
            pods.set(holder, PodApplication.start(redis, downstream));
        }
    }

    private List<Future<String>> missesFromEveryPod(String sku) {
        List<Future<String>> results = new ArrayList<>();
        for (ConfigurableApplicationContext pod : pods) {
            Catalog catalog = catalog(pod);
            for (int i = 0; i < CALLERS_PER_POD; i++) {
                results.add(callers.submit(() -> catalog.product(sku)));
            }
        }
        return results;
    }

    /** Every caller is in a flight: 50 more per pod, locally, and the one downstream call is running. */
    private void awaitEveryCallerJoined(long[] before) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (int i = 0; i < pods.size(); i++) {
                if (callsSoFar(pods.get(i)) - before[i] != CALLERS_PER_POD) {
                    return false;
                }
            }
            return true;
        });
        // one pod runs the call, the other two wait for it in Redis: only then is the sharing certain
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> downstream.calls() == 1
                && pods.stream().mapToInt(pod -> pod.getBean(RedisResiliency.class).flightBackend().waiting()).sum() == 2);
    }

    /** Calls each pod's single flight has seen so far (the pods live across tests). */
    private static long[] callsSoFar() {
        return pods.stream().mapToLong(ThreePodsTest::callsSoFar).toArray();
    }

    private static long callsSoFar(ConfigurableApplicationContext pod) {
        var stats = products(pod).stats();
        return stats.leaderCalls() + stats.sharedCalls();
    }

    private int podRunningTheCall() {
        for (int i = 0; i < pods.size(); i++) {
            if (pods.get(i).getBean(RedisResiliency.class).flightBackend().leasesHeld() == 1) {
                return i;
            }
        }
        throw new AssertionError("no pod holds the lease");
    }

    private static Throwable failureOf(Future<String> result) throws Exception {
        try {
            result.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }
}
