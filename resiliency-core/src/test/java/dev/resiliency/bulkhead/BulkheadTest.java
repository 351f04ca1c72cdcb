package dev.resiliency.bulkhead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resiliency.BulkheadFullException;
import dev.resiliency.EventPublisher;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class BulkheadTest {

    private static Bulkhead bulkhead(int max) {
        return Bulkhead.builder("inventory").maxConcurrent(max).build();
    }

    @Test
    void runsTheCallableInTheCallerThreadAndReturnsItsValue() throws Exception {
        Bulkhead bulkhead = bulkhead(2);
        Thread caller = Thread.currentThread();

        Object result = bulkhead.call(() -> Thread.currentThread() == caller ? "same thread" : "other thread");

        assertThat(result).isEqualTo("same thread");
    }

    @Test
    void holdsAPermitWhileTheCallRunsAndGivesItBackAfter() throws Exception {
        Bulkhead bulkhead = bulkhead(2);

        BulkheadStats inside = bulkhead.call(bulkhead::stats);

        assertThat(inside.active()).isEqualTo(1);
        assertThat(inside.available()).isEqualTo(1);
        assertThat(bulkhead.stats()).isEqualTo(new BulkheadStats(2, 0, 2, 0, 1, 0));
    }

    @Test
    void admitsUpToMaxConcurrentCallsThenRejectsAtOnceByDefault() throws Exception {
        Bulkhead bulkhead = bulkhead(2);
        Caller first = Caller.holding(bulkhead, "first");
        Caller second = Caller.holding(bulkhead, "second");
        boolean[] ran = {false};

        assertThatThrownBy(() -> bulkhead.call(() -> ran[0] = true))
                .isInstanceOf(BulkheadFullException.class)
                .hasMessageContaining("inventory")
                .hasMessageContaining("2");
        assertThat(ran[0]).isFalse();
        assertThat(bulkhead.stats()).isEqualTo(new BulkheadStats(2, 2, 0, 0, 2, 1));

        first.finish();
        second.finish();
        assertThat(first.awaitOutcome()).isEqualTo("first");
        assertThat(second.awaitOutcome()).isEqualTo("second");
        assertThat(bulkhead.stats().active()).isZero();
    }

    @Test
    void rejectionCarriesTheInstanceName() {
        Bulkhead bulkhead = bulkhead(0);

        assertThatThrownBy(() -> bulkhead.call(() -> "x"))
                .isInstanceOfSatisfying(BulkheadFullException.class,
                        e -> assertThat(e.instanceName()).isEqualTo("inventory"));
    }

    @Test
    void maxConcurrentZeroRejectsEveryCallEvenWithAnUnlimitedWait() {
        Bulkhead bulkhead = Bulkhead.builder("off").maxConcurrent(0).maxWait(Bulkhead.WAIT_FOREVER).build();

        assertThatThrownBy(() -> bulkhead.call(() -> "x")).isInstanceOf(BulkheadFullException.class);
        assertThatThrownBy(() -> bulkhead.call(() -> "x", Duration.ofSeconds(5))).isInstanceOf(BulkheadFullException.class);
        assertThat(bulkhead.stats()).isEqualTo(new BulkheadStats(0, 0, 0, 0, 0, 2));
    }

    @Test
    void reEntrantCallIsRejectedWhenTheOnlyPermitIsHeld() throws Exception {
        Bulkhead bulkhead = bulkhead(1);

        Object inner = bulkhead.call(() -> {
            try {
                return bulkhead.call(() -> "nested");
            } catch (BulkheadFullException e) {
                return e;
            }
        });

        assertThat(inner).isInstanceOf(BulkheadFullException.class);
        assertThat(bulkhead.stats()).isEqualTo(new BulkheadStats(1, 0, 1, 0, 1, 1));
    }

    @Test
    void rethrowsTheCallablesCheckedExceptionUnchangedAndReleasesThePermit() {
        Bulkhead bulkhead = bulkhead(1);
        IOException boom = new IOException("boom");

        assertThatThrownBy(() -> bulkhead.call(() -> {
            throw boom;
        })).isSameAs(boom);
        assertThat(bulkhead.stats().active()).isZero();
        assertThat(bulkhead.stats().permitted()).isEqualTo(1);
    }

    @Test
    void letsAnErrorPropagateUntouchedAndStillReleasesThePermit() {
        Bulkhead bulkhead = bulkhead(1);
        StackOverflowError error = new StackOverflowError("deep");

        assertThatThrownBy(() -> bulkhead.call(() -> {
            throw error;
        })).isSameAs(error);
        assertThat(bulkhead.stats().active()).isZero();
    }

    @Test
    void sequentialCallsLeaveNothingBehind() throws Exception {
        Bulkhead bulkhead = bulkhead(1);

        for (int i = 0; i < 10; i++) {
            bulkhead.call(() -> "ok");
        }

        assertThat(bulkhead.stats()).isEqualTo(new BulkheadStats(1, 0, 1, 0, 10, 0));
    }

    @Test
    void publishesPermittedThenFinishedForACall() throws Exception {
        Bulkhead bulkhead = bulkhead(1);
        List<BulkheadEvent> events = new CopyOnWriteArrayList<>();
        bulkhead.events().subscribe(events::add);

        bulkhead.call(() -> "ok");

        assertThat(events).containsExactly(new BulkheadEvent.CallPermitted("inventory"),
                new BulkheadEvent.CallFinished("inventory"));
    }

    @Test
    void publishesFinishedEvenWhenTheCallFails() {
        Bulkhead bulkhead = bulkhead(1);
        List<BulkheadEvent> events = new CopyOnWriteArrayList<>();
        bulkhead.events().subscribe(events::add);

        assertThatThrownBy(() -> bulkhead.call(() -> {
            throw new IllegalStateException();
        }));

        assertThat(events).containsExactly(new BulkheadEvent.CallPermitted("inventory"),
                new BulkheadEvent.CallFinished("inventory"));
    }

    @Test
    void publishesRejectedAndNothingElseForARejectedCall() {
        Bulkhead bulkhead = bulkhead(0);
        List<BulkheadEvent> events = new CopyOnWriteArrayList<>();
        bulkhead.events().subscribe(events::add);

        assertThatThrownBy(() -> bulkhead.call(() -> "x")).isInstanceOf(BulkheadFullException.class);

        assertThat(events).containsExactly(new BulkheadEvent.CallRejected("inventory"));
    }

    @Test
    void aFailingListenerDoesNotAffectTheCall() throws Exception {
        Bulkhead bulkhead = bulkhead(1);
        EventPublisher.Subscription subscription = bulkhead.events().subscribe(e -> {
            throw new IllegalStateException("listener bug");
        });

        assertThat(bulkhead.call(() -> "ok")).isEqualTo("ok");
        subscription.close();
        assertThat(bulkhead.stats().active()).isZero();
    }

    @Test
    void exposesItsConfiguration() {
        Bulkhead bulkhead = Bulkhead.builder("payments").maxConcurrent(15).maxWait(Duration.ofSeconds(3)).build();

        assertThat(bulkhead.name()).isEqualTo("payments");
        assertThat(bulkhead.maxConcurrent()).isEqualTo(15);
        assertThat(bulkhead.maxWait()).isEqualTo(Duration.ofSeconds(3));
        assertThat(bulkhead.toString()).contains("payments", "15");
    }

    @Test
    void maxWaitDefaultsToZero() {
        assertThat(bulkhead(1).maxWait()).isEqualTo(Duration.ZERO);
    }

    // --- validation, one rule per test ---

    @Test
    void rejectsAMissingMaxConcurrent() {
        assertThatThrownBy(() -> Bulkhead.builder("b").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxConcurrent is required");
    }

    @Test
    void rejectsANegativeMaxConcurrent() {
        assertThatThrownBy(() -> Bulkhead.builder("b").maxConcurrent(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxConcurrent must be >= 0, got: -1");
    }

    @Test
    void rejectsANegativeMaxWait() {
        assertThatThrownBy(() -> Bulkhead.builder("b").maxConcurrent(1).maxWait(Duration.ofMillis(-1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("maxWait must be >= 0");
    }

    @Test
    void rejectsANullMaxWait() {
        assertThatThrownBy(() -> Bulkhead.builder("b").maxWait(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("maxWait must not be null");
    }

    @Test
    void rejectsANullTickerAndScheduler() {
        assertThatThrownBy(() -> Bulkhead.builder("b").ticker(null)).hasMessage("ticker must not be null");
        assertThatThrownBy(() -> Bulkhead.builder("b").scheduler(null)).hasMessage("scheduler must not be null");
    }

    @Test
    void rejectsANullOrBlankName() {
        assertThatThrownBy(() -> Bulkhead.builder(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Bulkhead.builder(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsANegativePerCallMaxWaitWithoutTouchingTheBulkhead() {
        Bulkhead bulkhead = bulkhead(1);

        assertThatThrownBy(() -> bulkhead.call(() -> "x", Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("maxWait must be >= 0");
        assertThatThrownBy(() -> bulkhead.call(() -> "x", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("maxWait must not be null");
        assertThat(bulkhead.stats()).isEqualTo(new BulkheadStats(1, 0, 1, 0, 0, 0));
    }

    @Test
    void rejectsANullCallable() {
        assertThatThrownBy(() -> bulkhead(1).call(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("callable must not be null");
    }

    // The pool counts released permits in a 16-bit field of its state word and flushes it every 65,536 releases
    // (PermitPool): these two cross that flush several times, on the free path and on the hand-off path.

    @Test
    void permittedStaysExactPastTheReleaseCountFlushAndAcrossAReset() throws Exception {
        Bulkhead bulkhead = bulkhead(2);
        int calls = 3 * 65_536 + 7;
        for (int i = 0; i < calls; i++) {
            bulkhead.call(() -> null);
        }
        CompletableFuture<Object> held = new CompletableFuture<>();
        CompletableFuture<Object> heldCall = bulkhead.callAsync(() -> held);

        bulkhead.reset(); // forgets the held permit: it still counts as permitted, its release is ignored
        held.complete("done");
        bulkhead.call(() -> null);

        assertThat(heldCall).isCompletedWithValue("done");
        assertThat(bulkhead.stats()).isEqualTo(new BulkheadStats(2, 0, 2, 0, calls + 2L, 0));
    }

    @Test
    void permittedStaysExactWhenEveryPermitIsHandedToAWaiter() {
        Bulkhead bulkhead = Bulkhead.builder("b").maxConcurrent(1).maxWait(Bulkhead.WAIT_FOREVER).build();
        CompletableFuture<Object> first = new CompletableFuture<>();
        CompletableFuture<Object> firstCall = bulkhead.callAsync(() -> first);
        int queued = 2 * 65_536 + 3;
        List<CompletableFuture<Object>> calls = new ArrayList<>();
        for (int i = 0; i < queued; i++) {
            calls.add(bulkhead.callAsync(() -> CompletableFuture.completedFuture("queued")));
        }
        assertThat(bulkhead.stats().waiting()).isEqualTo(queued);
        assertThat(bulkhead.stats().permitted()).isEqualTo(1);

        first.complete("first"); // each release hands the permit straight to the next waiter

        assertThat(firstCall).isCompletedWithValue("first");
        assertThat(calls).allSatisfy(call -> assertThat(call).isCompletedWithValue("queued"));
        assertThat(bulkhead.stats()).isEqualTo(new BulkheadStats(1, 0, 1, 0, queued + 1L, 0));
    }
}
