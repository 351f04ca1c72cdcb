package dev.resiliency.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import dev.resiliency.ResiliencyTimeoutException;
import dev.resiliency.redis.support.Processes;
import dev.resiliency.redis.support.TestRedis;
import dev.resiliency.singleflight.RemoteFlightException;
import dev.resiliency.singleflight.SingleFlight;

/** The Redis single flight against a real Redis, between several "processes" (own connections and backends). */
class RedisSingleFlightTest {

    private static TestRedis redis;
    private Processes processes;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final AtomicInteger calls = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);

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
        release.countDown();
        pool.shutdownNow();
        processes.close();
    }

    private static SingleFlight flight(RedisResiliency process) {
        return SingleFlight.builder("products").backend(process.flightBackend()).build();
    }

    private List<Future<Object>> callers(SingleFlight flight, int count, Object key, Callable<Object> callable) {
        List<Future<Object>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(pool.submit(() -> flight.call(key, callable)));
        }
        return futures;
    }

    /** Counts the call, then blocks until the test releases it. */
    private Callable<Object> downstream(Object value) {
        return () -> {
            calls.incrementAndGet();
            release.await();
            return value;
        };
    }

    private static Throwable failureOf(Future<Object> future) throws InterruptedException {
        try {
            future.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("a caller is still waiting", e);
        }
        throw new AssertionError("expected a failure");
    }

    /** Waits until every process has its local leader in the distributed flight (subscribed, lease looked at). */
    private static void awaitJoined(List<SingleFlight> flights, int callersEach) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> flights.stream()
                .allMatch(f -> f.stats().leaderCalls() + f.stats().sharedCalls() == callersEach));
    }

    @RepeatedTest(2)
    void threeProcessesShareOneCallAndItsValue() throws Exception {
        List<SingleFlight> flights = List.of(flight(processes.process()), flight(processes.process()),
                flight(processes.process()));
        List<Future<Object>> results = new ArrayList<>();
        for (SingleFlight flight : flights) {
            results.addAll(callers(flight, 20, "sku-1", downstream("value")));
        }
        awaitJoined(flights, 20);
        Awaitility.await().until(() -> calls.get() == 1);
        release.countDown();

        for (Future<Object> result : results) {
            assertThat(result.get(20, TimeUnit.SECONDS)).isEqualTo("value");
        }
        assertThat(calls).hasValue(1);
    }

    @Test
    void aFailureReachesTheOtherProcessesAsRemoteFlightException() throws Exception {
        SingleFlight here = flight(processes.process());
        SingleFlight there = flight(processes.process());
        IOException boom = new IOException("database down");
        Future<Object> leader = pool.submit(() -> here.call("k", () -> {
            calls.incrementAndGet();
            release.await();
            throw boom;
        }));
        Awaitility.await().until(() -> calls.get() == 1);
        Future<Object> waiter = pool.submit(() -> there.call("k", downstream("never")));
        Awaitility.await().until(() -> there.stats().leaderCalls() == 1);
        release.countDown();

        assertThat(failureOf(leader)).isSameAs(boom);
        assertThat(failureOf(waiter)).isInstanceOfSatisfying(RemoteFlightException.class, remote -> {
            assertThat(remote.remoteType()).isEqualTo("java.io.IOException");
            assertThat(remote.remoteMessage()).isEqualTo("database down");
            assertThat(remote.instanceName()).isEqualTo("products");
        });
        assertThat(calls).hasValue(1);
    }

    @Test
    void nullAndUnserializableValuesReachTheOtherProcessesSafely() throws Exception {
        SingleFlight here = flight(processes.process());
        SingleFlight there = flight(processes.process());

        assertThat(shareOnce(here, there, "null-key", null)).isNull();
        Object notSerializable = new Object();
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(
                () -> shareOnce(here, there, "object-key", notSerializable));
        assertThat(failure).isInstanceOf(RemoteFlightException.class);
    }

    /** The leader in {@code here} returns {@code value}; what does the waiter in {@code there} get? */
    private Object shareOnce(SingleFlight here, SingleFlight there, String key, Object value) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        Future<Object> leader = pool.submit(() -> here.call(key, () -> {
            started.incrementAndGet();
            go.await();
            return value;
        }));
        Awaitility.await().until(() -> started.get() == 1);
        long before = there.stats().leaderCalls();
        Future<Object> waiter = pool.submit(() -> there.call(key, () -> "ran twice"));
        Awaitility.await().until(() -> there.stats().leaderCalls() == before + 1);
        go.countDown();
        assertThat(leader.get(20, TimeUnit.SECONDS)).isSameAs(value);
        try {
            return waiter.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    @Test
    void nothingIsCachedAfterAFlightCompletes() throws Exception {
        SingleFlight here = flight(processes.process());
        SingleFlight there = flight(processes.process());

        assertThat(here.call("k", () -> calls.incrementAndGet())).isEqualTo(1);
        assertThat(there.call("k", () -> calls.incrementAndGet())).isEqualTo(2);
        assertThat(here.call("k", () -> calls.incrementAndGet())).isEqualTo(3);
    }

    @Test
    void aLeaseIsRenewedWhileTheCallRunsLongerThanTheLeaseTime() throws Exception {
        SingleFlight here = flight(processes.process(b -> b.leaseTime(Duration.ofMillis(300))));
        SingleFlight there = flight(processes.process(b -> b.leaseTime(Duration.ofMillis(300))));
        Future<Object> leader = pool.submit(() -> here.call("k", downstream("slow")));
        Awaitility.await().until(() -> calls.get() == 1);
        Future<Object> waiter = pool.submit(() -> there.call("k", downstream("twice")));

        // three lease times later the waiter has looked at the lease again and again, and found it held each time
        Awaitility.await().pollDelay(Duration.ofMillis(900)).until(() -> true);
        release.countDown();

        assertThat(leader.get(20, TimeUnit.SECONDS)).isEqualTo("slow");
        assertThat(waiter.get(20, TimeUnit.SECONDS)).isEqualTo("slow");
        assertThat(calls).hasValue(1);
    }

    @Test
    void whenTheHolderStopsGracefullyAWaiterTakesOverAtOnce() throws Exception {
        RedisResiliency holderProcess = processes.process();
        SingleFlight holder = flight(holderProcess);
        SingleFlight waiting = flight(processes.process());
        Future<Object> abandoned = pool.submit(() -> holder.call("k", downstream("first")));
        Awaitility.await().until(() -> calls.get() == 1);
        Future<Object> waiter = pool.submit(() -> waiting.call("k", () -> {
            calls.incrementAndGet();
            return "taken over";
        }));
        Awaitility.await().until(() -> waiting.stats().leaderCalls() == 1);

        holderProcess.close(); // its lease is given up and its waiters told

        assertThat(waiter.get(5, TimeUnit.SECONDS)).isEqualTo("taken over"); // well before the 10 s lease expiry
        release.countDown();
        assertThat(abandoned.get(20, TimeUnit.SECONDS)).isEqualTo("first"); // its own callers still get its value
    }

    @Test
    void whenTheHolderDiesAWaiterTakesOverOnceTheLeaseExpires() throws Exception {
        RedisResiliency holderProcess = processes.process(b -> b.leaseTime(Duration.ofMillis(500)));
        SingleFlight holder = flight(holderProcess);
        SingleFlight waiting = flight(processes.process(b -> b.leaseTime(Duration.ofMillis(500))));
        pool.submit(() -> holder.call("k", downstream("never published")));
        Awaitility.await().until(() -> calls.get() == 1);
        Future<Object> waiter = pool.submit(() -> waiting.call("k", () -> {
            calls.incrementAndGet();
            return "taken over";
        }));
        Awaitility.await().until(() -> waiting.stats().leaderCalls() == 1);

        holderProcess.simulateCrash(); // no renewal, no release, no message

        assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo("taken over");
        assertThat(calls).hasValue(2);
    }

    @Test
    void aWaiterGivesUpAtItsDeadlineWhileTheHolderRunsOn() throws Exception {
        SingleFlight holder = flight(processes.process());
        SingleFlight impatient = flight(processes.process(b -> b.waitTimeout(Duration.ofMillis(300))));
        Future<Object> leader = pool.submit(() -> holder.call("k", downstream("late")));
        Awaitility.await().until(() -> calls.get() == 1);

        assertThatThrownBy(() -> impatient.call("k", downstream("never")))
                .isInstanceOf(ResiliencyTimeoutException.class)
                .hasMessageContaining("another process");

        release.countDown();
        assertThat(leader.get(20, TimeUnit.SECONDS)).isEqualTo("late");
        assertThat(calls).hasValue(1);
    }

    @Test
    void asyncCallersInSeveralProcessesShareOneCall() throws Exception {
        SingleFlight here = flight(processes.process());
        SingleFlight there = flight(processes.process());
        CompletableFuture<String> stage = new CompletableFuture<>();

        CompletableFuture<String> leader = here.callAsync("k", () -> {
            calls.incrementAndGet();
            return stage;
        });
        Awaitility.await().until(() -> calls.get() == 1);
        CompletableFuture<String> waiter = there.callAsync("k", () -> {
            calls.incrementAndGet();
            return CompletableFuture.completedFuture("twice");
        });
        Awaitility.await().pollDelay(Duration.ofMillis(100)).until(() -> !waiter.isDone());
        stage.complete("async value");

        assertThat(leader).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("async value");
        assertThat(waiter).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("async value");
        assertThat(calls).hasValue(1);
    }

    @Test
    void differentKeysRunIndependently() throws Exception {
        SingleFlight here = flight(processes.process());
        SingleFlight there = flight(processes.process());
        Future<Object> a = pool.submit(() -> here.call("a", downstream("A")));
        Future<Object> b = pool.submit(() -> there.call("b", downstream("B")));

        Awaitility.await().until(() -> calls.get() == 2);
        release.countDown();

        assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo("A");
        assertThat(b.get(10, TimeUnit.SECONDS)).isEqualTo("B");
    }
}
