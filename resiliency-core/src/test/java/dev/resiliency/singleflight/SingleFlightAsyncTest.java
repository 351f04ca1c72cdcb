package dev.resiliency.singleflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SingleFlightAsyncTest {

    private final SingleFlight flight = SingleFlight.builder("sf").build();
    private final AtomicInteger supplied = new AtomicInteger();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private <T> CompletableFuture<T> supply(CompletableFuture<T> stage) {
        return flight.callAsync("k", () -> {
            supplied.incrementAndGet();
            return stage;
        });
    }

    @Test
    void concurrentCallersShareTheFirstCallersStage() {
        CompletableFuture<String> stage = new CompletableFuture<>();
        CompletableFuture<String> first = supply(stage);
        CompletableFuture<String> second = supply(new CompletableFuture<>());
        assertThat(supplied).hasValue(1);
        assertThat(flight.inFlight()).isEqualTo(1);

        stage.complete("value");

        assertThat(first).isCompletedWithValue("value");
        assertThat(second).isCompletedWithValue("value");
        assertThat(flight.inFlight()).isZero();
        assertThat(flight.stats()).isEqualTo(new SingleFlightStats(0, 1, 1));
    }

    @Test
    void eachCallerGetsItsOwnFutureSoCancellingOneLeavesTheSharedStageAlone() {
        CompletableFuture<String> stage = new CompletableFuture<>();
        CompletableFuture<String> first = supply(stage);
        CompletableFuture<String> second = supply(stage);
        assertThat(first).isNotSameAs(stage).isNotSameAs(second);

        first.cancel(true);

        assertThat(stage).isNotCancelled();
        stage.complete("value");
        assertThat(second).isCompletedWithValue("value");
    }

    @Test
    void failureReachesEveryCallerUnwrappedAsTheSameInstance() {
        CompletableFuture<String> stage = new CompletableFuture<>();
        CompletableFuture<String> first = supply(stage);
        CompletableFuture<String> second = supply(stage);
        IOException boom = new IOException("boom");

        stage.completeExceptionally(new CompletionException(boom));

        assertThatThrownBy(first::join).cause().isSameAs(boom);
        assertThatThrownBy(second::join).cause().isSameAs(boom);
        assertThat(flight.inFlight()).isZero();
    }

    @Test
    void supplierThatThrowsFailsTheFlightAndFreesTheKey() {
        IllegalStateException boom = new IllegalStateException("boom");
        CompletableFuture<String> result = flight.callAsync("k", () -> {
            throw boom;
        });
        assertThatThrownBy(result::join).cause().isSameAs(boom);
        assertThat(flight.inFlight()).isZero();
    }

    @Test
    void nothingIsCachedAfterCompletion() {
        assertThat(supply(CompletableFuture.completedFuture("one"))).isCompletedWithValue("one");
        assertThat(supply(CompletableFuture.completedFuture("two"))).isCompletedWithValue("two");
        assertThat(supplied).hasValue(2);
    }

    @Test
    void blockingCallerJoinsAnAsyncFlight() throws Exception {
        CompletableFuture<String> stage = new CompletableFuture<>();
        CompletableFuture<String> async = supply(stage);
        Future<String> blocking = pool.submit(() -> flight.call("k", () -> "own"));
        SingleFlightTest.until(() -> flight.stats().sharedCalls() == 1);
        stage.complete("shared");
        assertThat(blocking.get(5, TimeUnit.SECONDS)).isEqualTo("shared");
        assertThat(async).isCompletedWithValue("shared");
    }

    @Test
    void asyncCallerJoinsABlockingFlight() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Future<String> blocking = pool.submit(() -> flight.call("k", () -> {
            release.await();
            return "shared";
        }));
        SingleFlightTest.until(() -> flight.inFlight() == 1);
        CompletableFuture<String> async = supply(CompletableFuture.completedFuture("own"));
        assertThat(supplied).hasValue(0);
        release.countDown();
        assertThat(async.get(5, TimeUnit.SECONDS)).isEqualTo("shared");
        assertThat(blocking.get(5, TimeUnit.SECONDS)).isEqualTo("shared");
    }

    @Test
    void publishesOneCompletionPerCallerWithExactlyOneLeader() {
        List<SingleFlightEvent> events = new CopyOnWriteArrayList<>();
        flight.events().subscribe(events::add);
        CompletableFuture<String> stage = new CompletableFuture<>();
        supply(stage);
        supply(stage);
        supply(stage);
        stage.complete("v");
        assertThat(events).hasSize(3)
                .filteredOn(e -> !((SingleFlightEvent.FlightCompleted) e).shared()).hasSize(1);
    }

    @Test
    void forgetLetsTheNextAsyncCallerStartASecondFlight() {
        CompletableFuture<String> firstStage = new CompletableFuture<>();
        CompletableFuture<String> first = supply(firstStage);
        flight.forget("k");
        CompletableFuture<String> secondStage = new CompletableFuture<>();
        CompletableFuture<String> second = supply(secondStage);
        CompletableFuture<String> third = supply(new CompletableFuture<>());
        assertThat(supplied).hasValue(2);

        firstStage.complete("first");
        assertThat(first).isCompletedWithValue("first");
        assertThat(flight.inFlight()).isEqualTo(1);
        secondStage.complete("second");
        assertThat(second).isCompletedWithValue("second");
        assertThat(third).isCompletedWithValue("second");
    }
}
