package dev.resiliency.singleflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resiliency.ResiliencyTimeoutException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Behaviours the mutation run showed no test pinned down. */
class SingleFlightMutationKillersTest {

    @Test
    void hasItsName() {
        assertThat(SingleFlight.builder("inventory").build().name()).isEqualTo("inventory");
    }

    @Test
    void aFollowerGivesUpAfterItsOwnTimeoutWhileTheLeaderIsStillRunning() throws Exception {
        SingleFlight flight = SingleFlight.builder("sf").build();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch leaderIn = new CountDownLatch(1);
        CountDownLatch land = new CountDownLatch(1);
        try {
            Future<String> leader = pool.submit(() -> flight.call("k", () -> {
                leaderIn.countDown();
                land.await();
                return "value";
            }));
            leaderIn.await();
            Future<String> follower = pool.submit(() -> flight.call("k", () -> "own", Duration.ofMillis(5)));
            try {
                follower.get(5, TimeUnit.SECONDS);
                throw new AssertionError("the follower should have timed out");
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(ResiliencyTimeoutException.class);
            }
            assertThat(leader).isNotDone();
            land.countDown();
            assertThat(leader.get(5, TimeUnit.SECONDS)).isEqualTo("value");
        } finally {
            land.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void anErrorThrownByAnEventListenerStillCompletesEveryAsyncCaller() {
        SingleFlight flight = SingleFlight.builder("sf").build();
        flight.events().subscribe(event -> {
            throw new StackOverflowError("listener bug"); // the kind EventPublisher lets through
        });
        java.util.concurrent.CompletableFuture<String> stage = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<String> leader = flight.callAsync("k", () -> stage);
        java.util.concurrent.CompletableFuture<String> follower = flight.callAsync("k", () -> stage);
        stage.complete("value");
        assertThat(leader).isCompletedWithValue("value");
        assertThat(follower).isCompletedWithValue("value");
        assertThat(flight.inFlight()).isZero();
    }
}
