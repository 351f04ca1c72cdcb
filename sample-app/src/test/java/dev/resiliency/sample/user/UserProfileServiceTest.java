package dev.resiliency.sample.user;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.serviceUnavailable;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.resiliency.sample.downstream.ConnectionLostException;
import dev.resiliency.sample.downstream.NotFoundException;
import dev.resiliency.sample.downstream.ServiceUnavailableException;
import dev.resiliency.sample.support.Concurrently;
import dev.resiliency.sample.support.Concurrently.Outcome;
import dev.resiliency.sample.support.Stubs;
import dev.resiliency.sample.support.WireMockDownstream;
import dev.resiliency.sample.support.WireMockTest;
import dev.resiliency.singleflight.SingleFlight;
import dev.resiliency.spring.registry.SingleFlightRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * UserProfile = cache + SingleFlight + Retry: concurrent misses share one retry loop of at most 3 requests; the
 * loop retries timeouts, lost connections and 503s; the result is cached, a failure is not.
 */
class UserProfileServiceTest extends WireMockTest {

    @Autowired
    UserProfileService users;

    @Autowired
    SingleFlightRegistry flights;

    @Test
    void fiftyConcurrentMissesMakeOneRequestAndTheResultIsCached() throws Exception {
        stubUser(101, okJson(profile(101)).withFixedDelay(300));

        List<Outcome<UserProfile>> outcomes = Concurrently.run(50, () -> this.users.get(101));

        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.value()).isEqualTo(expected(101)));
        assertThat(requests(101)).isEqualTo(1);
        assertThat(this.users.get(101)).isEqualTo(expected(101));
        assertThat(requests(101)).as("served from the cache").isEqualTo(1);
    }

    @Test
    void cacheHitsNeverReachTheSingleFlight() {
        stubUser(102, okJson(profile(102)));
        this.users.get(102);
        long leadersBefore = flight().stats().leaderCalls();

        for (int i = 0; i < 20; i++) {
            assertThat(this.users.get(102)).isEqualTo(expected(102));
        }

        assertThat(flight().stats().leaderCalls()).isEqualTo(leadersBefore);
        assertThat(requests(102)).isEqualTo(1);
    }

    @Test
    void connectionResetsAreRetried() {
        stubSequence(103, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
                aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), okJson(profile(103)));

        assertThat(this.users.get(103)).isEqualTo(expected(103));
        assertThat(requests(103)).isEqualTo(3);
    }

    @Test
    void emptyResponseIsALostConnectionAndIsRetried() {
        stubSequence(104, aResponse().withFault(Fault.EMPTY_RESPONSE), okJson(profile(104)));

        assertThat(this.users.get(104)).isEqualTo(expected(104));
        assertThat(requests(104)).isEqualTo(2);
    }

    @Test
    void lostConnectionsExhaustThreeAttempts() {
        stubUser(105, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        assertThatThrownBy(() -> this.users.get(105)).isInstanceOf(ConnectionLostException.class);
        assertThat(requests(105)).isEqualTo(3);
    }

    @Test
    void unavailableIsRetried() {
        stubSequence(106, serviceUnavailable(), okJson(profile(106)));

        assertThat(this.users.get(106)).isEqualTo(expected(106));
        assertThat(requests(106)).isEqualTo(2);
    }

    @Test
    void notFoundIsNeitherRetriedNorCached() {
        stubUser(107, notFound());

        assertThatThrownBy(() -> this.users.get(107)).isInstanceOf(NotFoundException.class);
        assertThat(requests(107)).isEqualTo(1);
        assertThatThrownBy(() -> this.users.get(107)).isInstanceOf(NotFoundException.class);
        assertThat(requests(107)).isEqualTo(2);
    }

    @Test
    void fiftyConcurrentCallersShareOneRetryLoopAndItsFailure() throws Exception {
        stubUser(108, serviceUnavailable().withFixedDelay(300));

        List<Outcome<UserProfile>> outcomes = Concurrently.run(50, () -> this.users.get(108));

        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.failure())
            .isInstanceOf(ServiceUnavailableException.class));
        // One retry loop: 3 requests. A caller arriving after the loop ended starts a second one (nothing is
        // cached on failure), so the count is a multiple of 3 -- and with 50 callers released together, it is 3.
        assertThat(requests(108)).isEqualTo(3);
    }

    private SingleFlight flight() {
        return this.flights.instance("user-profile");
    }

    private static void stubUser(long id, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
        wiremock.stubFor(get("/users/" + id).willReturn(response));
    }

    private static void stubSequence(long id,
            com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder... responses) {
        Stubs.getSequence(wiremock, "/users/" + id, responses);
    }

    private static int requests(long id) {
        return WireMockDownstream.count(getRequestedFor(urlPathEqualTo("/users/" + id)));
    }

    private static String profile(long id) {
        return "{\"id\":" + id + ",\"name\":\"User " + id + "\",\"email\":\"user" + id + "@example.com\"}";
    }

    private static UserProfile expected(long id) {
        return new UserProfile(id, "User " + id, "user" + id + "@example.com");
    }
}
