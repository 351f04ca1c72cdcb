package dev.resiliency.spring.actuate;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import dev.resiliency.circuitbreaker.CircuitBreaker;
import dev.resiliency.circuitbreaker.CircuitBreakerEvent;
import dev.resiliency.retry.RetryEvent;
import dev.resiliency.singleflight.SingleFlightEvent;

import static org.assertj.core.api.Assertions.assertThat;

class RecentEventsTest {

    @Test
    void keepsTheLastEventsOldestFirst() {
        RecentEvents events = new RecentEvents(3);
        for (int i = 1; i <= 5; i++) {
            events.onEvent(new RetryEvent.Retrying("rt", i, Duration.ofMillis(100L * i), null, null));
        }

        List<RecentEvents.EventDescriptor> held = events.snapshot();

        assertThat(held).extracting(RecentEvents.EventDescriptor::type).containsOnly("Retrying");
        assertThat(held).extracting(e -> e.details().get("attempt")).containsExactly(3, 4, 5);
        assertThat(held.get(0).details()).containsEntry("delay", "PT0.3S").doesNotContainKey("name");
    }

    @Test
    void isEmptyBeforeTheFirstEvent() {
        assertThat(new RecentEvents(4).snapshot()).isEmpty();
    }

    @Test
    void showsEnumsByNameAndExceptionsByClassOnly() {
        RecentEvents events = new RecentEvents(4);
        events.onEvent(new CircuitBreakerEvent.StateTransition("cb", CircuitBreaker.State.CLOSED,
                CircuitBreaker.State.OPEN));
        events.onEvent(new CircuitBreakerEvent.CallFailed("cb", Duration.ofMillis(5),
                new IOException("secret customer data")));

        List<RecentEvents.EventDescriptor> held = events.snapshot();

        assertThat(held.get(0).details()).containsEntry("from", "CLOSED").containsEntry("to", "OPEN");
        assertThat(held.get(1).details()).containsEntry("error", "java.io.IOException");
        assertThat(held.get(1).toString()).doesNotContain("secret");
    }

    @Test
    void cutsLongKeys() {
        RecentEvents events = new RecentEvents(1);
        events.onEvent(new SingleFlightEvent.FlightCompleted("sf", "k".repeat(500), true, null));

        Object key = events.snapshot().get(0).details().get("key");

        assertThat((String) key).hasSize(Descriptors.MAX_TEXT + 3).endsWith("...");
    }

    @RepeatedTest(5)
    void concurrentRecordingKeepsExactlyTheCapacityOfDistinctEvents() throws Exception {
        RecentEvents events = new RecentEvents(64);
        int threads = 8;
        int perThread = 10_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        events.onEvent(new RetryEvent.Retrying("rt", thread * perThread + i, Duration.ZERO, null,
                                null));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get();
            }
        }
        finally {
            pool.shutdownNow();
        }

        List<RecentEvents.EventDescriptor> held = events.snapshot();

        assertThat(held).hasSize(64);
        assertThat(held).extracting(e -> e.details().get("attempt")).doesNotHaveDuplicates();
    }
}
