package dev.resiliency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Subscription bookkeeping and failure isolation of {@link EventPublisher}. */
class EventPublisherMutationKillersTest {

    @Test
    void closingASubscriptionRemovesExactlyThatListenerAndKeepsTheOthersInOrder() {
        EventPublisher<String> publisher = new EventPublisher<>();
        List<String> seen = new ArrayList<>();
        EventPublisher.Subscription first = publisher.subscribe(e -> seen.add("first:" + e));
        EventPublisher.Subscription middle = publisher.subscribe(e -> seen.add("middle:" + e));
        publisher.subscribe(e -> seen.add("last:" + e));

        middle.close();
        publisher.publish("a");
        first.close();
        publisher.publish("b");

        assertThat(seen).containsExactly("first:a", "last:a", "last:b");
        assertThat(publisher.hasListeners()).isTrue();
    }

    @Test
    void closingTwiceIsHarmlessAndTheLastCloseLeavesNoListener() {
        EventPublisher<String> publisher = new EventPublisher<>();
        List<String> seen = new ArrayList<>();
        EventPublisher.Subscription only = publisher.subscribe(seen::add);
        only.close();
        only.close();
        assertThat(publisher.hasListeners()).isFalse();
        publisher.publish("ignored");
        assertThat(seen).isEmpty();
    }

    @Test
    void theSameListenerSubscribedTwiceIsRemovedOnePerClose() {
        EventPublisher<String> publisher = new EventPublisher<>();
        List<String> seen = new ArrayList<>();
        EventListener<String> listener = seen::add;
        EventPublisher.Subscription one = publisher.subscribe(listener);
        publisher.subscribe(listener);
        one.close();
        publisher.publish("x");
        assertThat(seen).containsExactly("x");
    }

    @Test
    void aFailingListenerDoesNotStopTheOthers() {
        EventPublisher<String> publisher = new EventPublisher<>();
        List<String> seen = new ArrayList<>();
        publisher.subscribe(e -> {
            throw new IllegalStateException("listener bug");
        });
        publisher.subscribe(seen::add);
        publisher.publish("e");
        assertThat(seen).containsExactly("e");
    }

    @Test
    void anErrorFromAListenerIsSwallowedLikeAnException() {
        EventPublisher<String> publisher = new EventPublisher<>();
        List<String> seen = new ArrayList<>();
        publisher.subscribe(e -> {
            throw new AssertionError("listener bug");
        });
        publisher.subscribe(seen::add);
        publisher.publish("e");
        assertThat(seen).containsExactly("e");
    }

    @Test
    void aVirtualMachineErrorFromAListenerPropagates() {
        EventPublisher<String> publisher = new EventPublisher<>();
        StackOverflowError error = new StackOverflowError("deep");
        publisher.subscribe(e -> {
            throw error;
        });
        assertThatThrownBy(() -> publisher.publish("e")).isSameAs(error);
    }
}
