package dev.resiliency.sample.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;

/** The simulated downstream's decisions: outage, error rates, hangs, per-route settings, counters. */
class SimulatedDownstreamTest {

    private final SimulatedDownstream downstream = new SimulatedDownstream();

    @AfterEach
    void stopTimer() {
        this.downstream.destroy();
    }

    @Test
    void answersAfterTheLatency() throws Exception {
        this.downstream.reset(SimulationSettings.fixed(50));
        long start = System.nanoTime();

        ResponseEntity<Object> response = serve("users");

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(45));
        assertThat(this.downstream.stats("users").ok()).isEqualTo(1);
    }

    @Test
    void anOutageAnswers503AtOnce() throws Exception {
        this.downstream.reset(SimulationSettings.fixed(5000).with(SettingsUpdate.outage(null, true)));

        assertThat(serve("inventory").getStatusCode().value()).isEqualTo(503);
        assertThat(this.downstream.stats("inventory").unavailable()).isEqualTo(1);
    }

    @Test
    void errorRateOneAnswersOnly503() throws Exception {
        this.downstream.reset(SimulationSettings.fixed(1).with(update(1.0, null, null)));

        for (int i = 0; i < 5; i++) {
            assertThat(serve("search").getStatusCode().value()).isEqualTo(503);
        }
    }

    @Test
    void rateLimitRateOneAnswers429WithRetryAfter() throws Exception {
        this.downstream.reset(SimulationSettings.fixed(1).with(update(null, 1.0, null)));

        ResponseEntity<Object> response = serve("search");

        assertThat(response.getStatusCode().value()).isEqualTo(429);
        assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(this.downstream.stats("search").rateLimited()).isEqualTo(1);
    }

    @Test
    void timeoutRateOneHangsForHangMs() throws Exception {
        SettingsUpdate hang = new SettingsUpdate(null, null, null, null, null, null, null, null, 1.0, 200L, null);
        this.downstream.reset(SimulationSettings.fixed(1).with(hang));
        long start = System.nanoTime();

        var future = this.downstream.serve("users", () -> ResponseEntity.ok("never"));
        assertThat(this.downstream.stats("users").inFlight()).isEqualTo(1);

        assertThat(future.get(5, TimeUnit.SECONDS).getStatusCode().value()).isEqualTo(504);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
        assertThat(this.downstream.stats("users").hung()).isEqualTo(1);
        assertThat(this.downstream.stats("users").inFlight()).isZero();
    }

    @Test
    void aRouteOverrideChangesThatRouteOnly() throws Exception {
        this.downstream.reset(SimulationSettings.fixed(1));
        this.downstream.update(SettingsUpdate.outage("inventory", true));

        assertThat(serve("inventory").getStatusCode().value()).isEqualTo(503);
        assertThat(serve("catalog").getStatusCode().value()).isEqualTo(200);
        assertThat(this.downstream.settings("inventory").outage()).isTrue();
        assertThat(this.downstream.settings("catalog").outage()).isFalse();

        this.downstream.update(SettingsUpdate.outage("inventory", false));
        assertThat(serve("inventory").getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void settingsOutOfRangeAreRejectedAndChangeNothing() {
        SimulationSettings before = this.downstream.settings("search");

        assertThatIllegalArgumentException().isThrownBy(() -> this.downstream.update(update(1.5, null, null)))
            .withMessage("errorRate must be between 0.0 and 1.0, got: 1.5");
        assertThatIllegalArgumentException().isThrownBy(() -> this.downstream.update(update(0.6, 0.6, null)))
            .withMessageStartingWith("errorRate + rateLimitRate + timeoutRate must be <= 1");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> this.downstream.update(SettingsUpdate.outage("nowhere", true)))
            .withMessageStartingWith("route must be one of search, payments, users, inventory, catalog, reviews");
        assertThat(this.downstream.settings("search")).isEqualTo(before);
    }

    @Test
    void statsCountPeakInFlightAndReset() throws Exception {
        this.downstream.reset(SimulationSettings.fixed(100));
        var first = this.downstream.serve("payments", () -> ResponseEntity.ok("a"));
        var second = this.downstream.serve("payments", () -> ResponseEntity.ok("b"));
        first.get(5, TimeUnit.SECONDS);
        second.get(5, TimeUnit.SECONDS);

        assertThat(this.downstream.stats("payments").requests()).isEqualTo(2);
        assertThat(this.downstream.stats("payments").peakInFlight()).isEqualTo(2);
        this.downstream.resetStats();
        assertThat(this.downstream.stats("payments").requests()).isZero();
        assertThat(this.downstream.stats("payments").peakInFlight()).isZero();
    }

    private ResponseEntity<Object> serve(String route) throws Exception {
        return this.downstream.serve(route, () -> ResponseEntity.ok("answer")).get(10, TimeUnit.SECONDS);
    }

    private static SettingsUpdate update(Double errorRate, Double rateLimitRate, Double timeoutRate) {
        return new SettingsUpdate(null, null, null, null, null, null, errorRate, rateLimitRate, timeoutRate, null,
                null);
    }
}
