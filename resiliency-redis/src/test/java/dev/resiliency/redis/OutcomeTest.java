package dev.resiliency.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

/** The wire format of flight outcomes, and how a waiter keeps them between rounds. */
class OutcomeTest {

    @Test
    void aValueTravelsAsItsBytes() {
        Outcome outcome = Outcome.parse(Outcome.value(new byte[] {1, 2, 3}));

        assertThat(outcome.kind()).isEqualTo(Outcome.Kind.VALUE);
        assertThat(outcome.payload()).containsExactly(1, 2, 3);
    }

    @Test
    void nullTravelsAsNull() {
        Outcome outcome = Outcome.parse(Outcome.NULL_MESSAGE);

        assertThat(outcome.kind()).isEqualTo(Outcome.Kind.VALUE);
        assertThat(outcome.payload()).isNull();
    }

    @Test
    void aFailureTravelsAsClassAndMessageEvenAcrossLines() {
        Outcome outcome = Outcome.parse(Outcome.failure(new IOException("line one\nline two")));

        assertThat(outcome.kind()).isEqualTo(Outcome.Kind.FAILURE);
        assertThat(outcome.failureType()).isEqualTo("java.io.IOException");
        assertThat(outcome.failureMessage()).isEqualTo("line one\nline two");
    }

    @Test
    void aFailureWithoutMessageKeepsItNull() {
        Outcome outcome = Outcome.parse(Outcome.failure(new IllegalStateException()));

        assertThat(outcome.failureType()).isEqualTo("java.lang.IllegalStateException");
        assertThat(outcome.failureMessage()).isNull();
    }

    @Test
    void anUnknownMessageIsIgnored() {
        assertThat(Outcome.parse(new byte[] {'Z', 1})).isNull();
        assertThat(Outcome.parse(new byte[0])).isNull();
        assertThat(Outcome.parse(Outcome.ABANDONED_MESSAGE)).isSameAs(Outcome.ABANDONED);
    }

    @Test
    void aWaiterKeepsOutcomesThatArriveBetweenRoundsInOrder() throws Exception {
        Waiter waiter = new Waiter("channel");
        Outcome value = Outcome.parse(Outcome.NULL_MESSAGE);

        waiter.deliver(Outcome.ABANDONED);
        waiter.deliver(value);

        assertThat(waiter.await(0)).isSameAs(Outcome.ABANDONED);
        assertThat(waiter.await(0)).isSameAs(value);
        assertThat(waiter.await(0)).isSameAs(Outcome.TIMER);
    }

    @Test
    void anOutcomeRacingATimerIsNotLost() {
        Waiter waiter = new Waiter("channel");
        CompletableFuture<Outcome> round = waiter.next();

        waiter.giveUp(round); // the timer fired first
        waiter.deliver(Outcome.ABANDONED);

        assertThat(round.join()).isSameAs(Outcome.TIMER);
        assertThat(waiter.next().join()).isSameAs(Outcome.ABANDONED);
    }

    @Test
    void aRoundWaitingIsCompletedByTheNextDelivery() {
        Waiter waiter = new Waiter("channel");
        CompletableFuture<Outcome> round = waiter.next();

        waiter.deliver(Outcome.DOWN);

        assertThat(round.join()).isSameAs(Outcome.DOWN);
    }
}
