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

    /** Waits until {@code process}'s local leader is waiting for the flight another process runs. */
    private static void awaitWaiting(RedisResiliency process) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> process.flightBackend().waiting() == 1);
    }

    @RepeatedTest(2)
    void threeProcessesShareOneCallAndItsValue() throws Exception {
        List<RedisResiliency> three = List.of(processes.process(), processes.process(), processes.process());
        List<Future<Object>> results = new ArrayList<>();
        for (RedisResiliency process : three) {
            results.addAll(callers(flight(process), 20, "sku-1", downstream("value")));
        }
        // one process runs the call, the other two wait for it: only then is the sharing certain
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 1
                && three.stream().mapToInt(p -> p.flightBackend().waiting()).sum() == 2);
        release.countDown();

        for (Future<Object> result : results) {
            assertThat(result.get(20, TimeUnit.SECONDS)).isEqualTo("value");
        }
        assertThat(calls).hasValue(1);
    }

    @Test
    void aFailureReachesTheOtherProcessesAsRemoteFlightException() throws Exception {
        SingleFlight here = flight(processes.process());
        RedisResiliency thereProcess = processes.process();
        SingleFlight there = flight(thereProcess);
        IOException boom = new IOException("database down");
        Future<Object> leader = pool.submit(() -> here.call("k", () -> {
            calls.incrementAndGet();
            release.await();
            throw boom;
        }));
        Awaitility.await().until(() -> calls.get() == 1);
        Future<Object> waiter = pool.submit(() -> there.call("k", downstream("never")));
        awaitWaiting(thereProcess);
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
        RedisResiliency thereProcess = processes.process();
        SingleFlight there = flight(thereProcess);

        assertThat(shareOnce(here, there, thereProcess, "null-key", null)).isNull();
        Object notSerializable = new Object();
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(
                () -> shareOnce(here, there, thereProcess, "object-key", notSerializable));
        assertThat(failure).isInstanceOf(RemoteFlightException.class);
    }

    /** The leader in {@code here} returns {@code value}; what does the waiter in {@code there} get? */
    private Object shareOnce(SingleFlight here, SingleFlight there, RedisResiliency thereProcess, String key,
            Object value) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        Future<Object> leader = pool.submit(() -> here.call(key, () -> {
            started.incrementAndGet();
            go.await();
            return value;
        }));
        Awaitility.await().until(() -> started.get() == 1);
        Future<Object> waiter = pool.submit(() -> there.call(key, () -> "ran twice"));
        awaitWaiting(thereProcess);
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
        RedisResiliency thereProcess = processes.process(b -> b.leaseTime(Duration.ofMillis(300)));
        SingleFlight there = flight(thereProcess);
        Future<Object> leader = pool.submit(() -> here.call("k", downstream("slow")));
        Awaitility.await().until(() -> calls.get() == 1);
        Future<Object> waiter = pool.submit(() -> there.call("k", downstream("twice")));
        awaitWaiting(thereProcess);

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
        RedisResiliency waitingProcess = processes.process();
        SingleFlight waiting = flight(waitingProcess);
        Future<Object> abandoned = pool.submit(() -> holder.call("k", downstream("first")));
        Awaitility.await().until(() -> calls.get() == 1);
        Future<Object> waiter = pool.submit(() -> waiting.call("k", () -> {
            calls.incrementAndGet();
            return "taken over";
        }));
        awaitWaiting(waitingProcess);

        holderProcess.close(); // its lease is given up and its waiters told

        assertThat(waiter.get(5, TimeUnit.SECONDS)).isEqualTo("taken over"); // well before the 10 s lease expiry
        release.countDown();
        assertThat(abandoned.get(20, TimeUnit.SECONDS)).isEqualTo("first"); // its own callers still get its value
    }

    @Test
    void whenTheHolderDiesAWaiterTakesOverOnceTheLeaseExpires() throws Exception {
        RedisResiliency holderProcess = processes.process(b -> b.leaseTime(Duration.ofMillis(500)));
        SingleFlight holder = flight(holderProcess);
        RedisResiliency waitingProcess = processes.process(b -> b.leaseTime(Duration.ofMillis(500)));
        SingleFlight waiting = flight(waitingProcess);
        pool.submit(() -> holder.call("k", downstream("never published")));
        Awaitility.await().until(() -> calls.get() == 1);
        Future<Object> waiter = pool.submit(() -> waiting.call("k", () -> {
            calls.incrementAndGet();
            return "taken over";
        }));
        awaitWaiting(waitingProcess);

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
        RedisResiliency thereProcess = processes.process();
        SingleFlight there = flight(thereProcess);
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
        awaitWaiting(thereProcess);
        assertThat(waiter).isNotDone();
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
