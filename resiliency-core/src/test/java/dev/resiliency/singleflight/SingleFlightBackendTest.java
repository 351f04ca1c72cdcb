package dev.resiliency.singleflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resiliency.BackendFailureMode;
import dev.resiliency.BackendUnavailableException;
import dev.resiliency.ResiliencyTimeoutException;
import dev.resiliency.internal.Futures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class SingleFlightBackendTest {

    private final FakeFlights shared = new FakeFlights();
    private final ExecutorService pool = Executors.newFixedThreadPool(20);
    private final AtomicInteger runs = new AtomicInteger();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private SingleFlight flight(BackendFailureMode mode) {
        return SingleFlight.builder("sf").backend(name -> shared).onBackendFailure(mode).build();
    }

    @RepeatedTest(3)
    void onlyTheLocalLeaderAsksTheBackend() throws Exception {
        SingleFlight flight = flight(BackendFailureMode.LOCAL);
        CountDownLatch release = new CountDownLatch(1);
        shared.mode = Mode.RUN_HERE;
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            results.add(pool.submit(() -> flight.call("k", () -> {
                runs.incrementAndGet();
                release.await();
                return "v";
            })));
        }
        org.awaitility.Awaitility.await().until(() -> flight.stats().sharedCalls() == 19);
        release.countDown();

        for (Future<String> result : results) {
            assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("v");
        }
        assertThat(shared.keys).containsExactly("k");
        assertThat(runs).hasValue(1);
    }

    @Test
    void aValueFromAnotherProcessReachesEveryLocalCallerWithoutRunningTheCallable() throws Exception {
        SingleFlight flight = flight(BackendFailureMode.LOCAL);
        shared.mode = Mode.REMOTE_VALUE;

        Object value = flight.call("k", () -> (Object) runs.incrementAndGet());

        assertThat(value).isEqualTo("remote");
        assertThat(runs).hasValue(0);
    }

    @Test
    void aRemoteFailureIsThrownAsIs() {
        SingleFlight flight = flight(BackendFailureMode.LOCAL);
        shared.mode = Mode.REMOTE_FAILURE;

        assertThatThrownBy(() -> flight.call("k", () -> runs.incrementAndGet()))
                .isSameAs(shared.remoteFailure);
        assertThat(runs).hasValue(0);
        assertThat(flight.stats().backendFallbacks()).isZero();
    }

    @Test
    void aRemoteWaitThatTimesOutIsNotAFallback() {
        SingleFlight flight = flight(BackendFailureMode.LOCAL);
        shared.mode = Mode.TIMEOUT;

        assertThatThrownBy(() -> flight.call("k", () -> runs.incrementAndGet()))
                .isInstanceOf(ResiliencyTimeoutException.class);
        assertThat(runs).hasValue(0);
    }

    @Test
    void anUnreachableBackendRunsTheCallLocally() throws Exception {
        SingleFlight flight = flight(BackendFailureMode.LOCAL);
        shared.mode = Mode.UNREACHABLE;

        assertThat(flight.call("k", () -> runs.incrementAndGet())).isEqualTo(1);
        assertThat(flight.stats().backendFallbacks()).isEqualTo(1);
    }

    @Test
    void aBackendThatKnowsItIsDownIsNotAsked() throws Exception {
        SingleFlight flight = flight(BackendFailureMode.LOCAL);
        shared.available = false;

        assertThat(flight.call("k", () -> runs.incrementAndGet())).isEqualTo(1);
        assertThat(shared.keys).isEmpty();
        assertThat(flight.stats()).isEqualTo(new SingleFlightStats(0, 1, 0, 1));
    }

    @Test
    void rejectModeRefusesWithoutRunningTheCall() {
        SingleFlight flight = flight(BackendFailureMode.REJECT);
        shared.mode = Mode.UNREACHABLE;

        assertThatThrownBy(() -> flight.call("k", () -> runs.incrementAndGet()))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("'sf'");
        assertThat(runs).hasValue(0);
        assertThat(flight.stats().backendFallbacks()).isEqualTo(1);
    }

    @Test
    void aBackendUnavailableExceptionThrownByTheCallItselfIsItsOutcomeNotAFallback() {
        SingleFlight flight = flight(BackendFailureMode.LOCAL);
        shared.mode = Mode.RUN_HERE;
        BackendUnavailableException nested = new BackendUnavailableException("inner", "nested limiter down");

        assertThatThrownBy(() -> flight.call("k", () -> {
            runs.incrementAndGet();
            throw nested;
        })).isSameAs(nested);
        assertThat(runs).hasValue(1);
        assertThat(flight.stats().backendFallbacks()).isZero();
    }

    @Test
    void asyncCallsGoThroughTheBackendToo() {
        SingleFlight flight = flight(BackendFailureMode.LOCAL);
        shared.mode = Mode.REMOTE_VALUE;

        CompletableFuture<Object> result = flight.callAsync("k",
                () -> CompletableFuture.completedFuture(runs.incrementAndGet()));

        assertThat(result).isCompletedWithValue("remote");
        assertThat(runs).hasValue(0);
    }

    @Test
    void anAsyncCallRunsLocallyWhenTheBackendIsUnreachable() {
        SingleFlight flight = flight(BackendFailureMode.LOCAL);
        shared.mode = Mode.UNREACHABLE;

        CompletableFuture<Integer> result = flight.callAsync("k",
                () -> CompletableFuture.completedFuture(runs.incrementAndGet()));

        assertThat(result).isCompletedWithValue(1);
        assertThat(flight.stats().backendFallbacks()).isEqualTo(1);
    }

    @Test
    void anAsyncCallIsRejectedInRejectMode() {
        SingleFlight flight = flight(BackendFailureMode.REJECT);
        shared.available = false;

        CompletableFuture<Integer> result = flight.callAsync("k",
                () -> CompletableFuture.completedFuture(runs.incrementAndGet()));

        assertThat(Futures.unwrap(result.handle((v, e) -> e).join())).isInstanceOf(BackendUnavailableException.class);
        assertThat(runs).hasValue(0);
    }

    @Test
    void anAsyncRemoteFailureReachesTheCaller() {
        SingleFlight flight = flight(BackendFailureMode.LOCAL);
        shared.mode = Mode.REMOTE_FAILURE;

        CompletableFuture<Integer> result = flight.callAsync("k",
                () -> CompletableFuture.completedFuture(runs.incrementAndGet()));

        assertThat(Futures.unwrap(result.handle((v, e) -> e).join())).isSameAs(shared.remoteFailure);
    }

    @Test
    void aLocalSingleFlightHasNoBackend() {
        SingleFlight flight = SingleFlight.builder("local").build();

        assertThat(flight.hasBackend()).isFalse();
        assertThat(flight.stats().backendFallbacks()).isZero();
        assertThat(flight(BackendFailureMode.LOCAL).hasBackend()).isTrue();
    }

    @Test
    void backendOptionsRejectNull() {
        assertThatThrownBy(() -> SingleFlight.builder("x").backend(null))
                .isInstanceOf(NullPointerException.class).hasMessage("backend must not be null");
        assertThatThrownBy(() -> SingleFlight.builder("x").onBackendFailure(null))
                .isInstanceOf(NullPointerException.class).hasMessage("onBackendFailure must not be null");
        assertThatThrownBy(() -> SingleFlight.builder("x").backend(name -> null).build())
                .isInstanceOf(NullPointerException.class).hasMessage("backend flights must not be null");
    }

    enum Mode { RUN_HERE, REMOTE_VALUE, REMOTE_FAILURE, TIMEOUT, UNREACHABLE }

    /** Shared flights whose behaviour the test sets. */
    static final class FakeFlights implements SharedFlights {
        volatile boolean available = true;
        volatile Mode mode = Mode.RUN_HERE;
        final RemoteFlightException remoteFailure = new RemoteFlightException("sf", "java.io.IOException", "boom");
        final List<Object> keys = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public boolean isAvailable() {
            return available;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T execute(Object key, Callable<T> callable) throws Exception {
            keys.add(key);
            switch (mode) {
                case RUN_HERE:
                    return callable.call();
                case REMOTE_VALUE:
                    return (T) "remote";
                case REMOTE_FAILURE:
                    throw remoteFailure;
                case TIMEOUT:
                    throw new ResiliencyTimeoutException("sf", "waiting for another process", Duration.ofSeconds(1));
                default:
                    throw new BackendUnavailableException("sf", "down");
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> CompletableFuture<T> executeAsync(Object key, Supplier<? extends CompletionStage<T>> supplier) {
            keys.add(key);
            switch (mode) {
                case RUN_HERE:
                    return Futures.invoke(supplier);
                case REMOTE_VALUE:
                    return CompletableFuture.completedFuture((T) "remote");
                case REMOTE_FAILURE:
                    return CompletableFuture.failedFuture(remoteFailure);
                default:
                    return CompletableFuture.failedFuture(new BackendUnavailableException("sf", "down"));
            }
        }
    }
}
