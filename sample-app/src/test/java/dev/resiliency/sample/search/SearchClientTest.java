package dev.resiliency.sample.search;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.serviceUnavailable;
import static com.github.tomakehurst.wiremock.client.WireMock.status;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resiliency.hedged.Hedged;
import dev.resiliency.retry.BackoffRetry;
import dev.resiliency.sample.downstream.BadRequestException;
import dev.resiliency.sample.downstream.DownstreamRateLimitedException;
import dev.resiliency.sample.downstream.ServiceUnavailableException;
import dev.resiliency.sample.support.WireMockDownstream;
import dev.resiliency.sample.support.WireMockTest;
import dev.resiliency.spring.registry.HedgedRegistry;
import dev.resiliency.spring.registry.RetryRegistry;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Search = Retry + Hedged: every attempt is a hedged call, retried when both copies fail with 503 or a timeout.
 * The random-delay test runs last: its hedges spend tokens of the adaptive tracker that the exact counts of the
 * other tests rely on.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SearchClientTest extends WireMockTest {

    private static final String RESULTS = "{\"query\":\"q\",\"hits\":[\"a\",\"b\"]}";

    @Autowired
    SearchClient search;

    @Autowired
    RetryRegistry retries;

    @Autowired
    HedgedRegistry hedges;

    @Test
    void answerComesBackThroughRetryAndHedging() {
        wiremock.stubFor(post("/search").willReturn(okJson(RESULTS)));

        assertThat(this.search.search("fast").hits()).containsExactly("a", "b");
        // One request, or two if the primary was slower than the adaptive delay: never more than max-requests.
        assertThat(requests("fast")).isBetween(1, 2);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void randomlyDelayedAnswersAllSucceedWithAtMostOneHedgeEach() {
        wiremock.stubFor(post("/search").willReturn(okJson(RESULTS).withUniformRandomDelay(5, 60)));
        long retriedBefore = retry().stats().successWithRetry();

        for (int i = 0; i < 30; i++) {
            assertThat(this.search.search("random").hits()).hasSize(2);
        }

        assertThat(requests("random")).isBetween(30, 60);
        assertThat(retry().stats().successWithRetry()).isEqualTo(retriedBefore);
    }

    @Test
    void slowPrimaryIsBeatenByItsHedge() {
        // First request takes 2 s, the second (the hedge, fired after the 150 ms initial delay) answers at once.
        wiremock.stubFor(post("/search").inScenario("slow").whenScenarioStateIs(STARTED).willSetStateTo("hedge")
            .willReturn(okJson(RESULTS).withFixedDelay(2000)));
        wiremock.stubFor(post("/search").inScenario("slow").whenScenarioStateIs("hedge").willReturn(okJson(RESULTS)));
        long start = System.nanoTime();

        assertThat(this.search.search("slow").hits()).hasSize(2);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
        assertThat(requests("slow")).isEqualTo(2);
        assertThat(hedged().stats().hedgeWon()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void twoUnavailableThenSuccessIsOneRetry() {
        // Attempt 1: primary 503, hedge fired at once (nothing left in flight) 503 -> retry; attempt 2: 200.
        wiremock.stubFor(post("/search").inScenario("burst").whenScenarioStateIs(STARTED).willSetStateTo("one")
            .willReturn(serviceUnavailable()));
        wiremock.stubFor(post("/search").inScenario("burst").whenScenarioStateIs("one").willSetStateTo("two")
            .willReturn(serviceUnavailable()));
        wiremock.stubFor(post("/search").inScenario("burst").whenScenarioStateIs("two").willReturn(okJson(RESULTS)));
        long retriedBefore = retry().stats().successWithRetry();

        assertThat(this.search.search("burst").hits()).hasSize(2);

        // Attempt 2 may hedge too if its primary is slower than the adaptive delay: 3 requests, at most 4.
        assertThat(requests("burst")).isBetween(3, 4);
        assertThat(retry().stats().successWithRetry()).isEqualTo(retriedBefore + 1);
    }

    @Test
    void sustainedUnavailabilityIsThreeAttemptsOfTwoRequests() {
        wiremock.stubFor(post("/search").willReturn(serviceUnavailable()));

        assertThatThrownBy(() -> this.search.search("down")).isInstanceOf(ServiceUnavailableException.class);
        // At most 3 attempts x 2 hedged requests: a failed copy leaves nothing in flight, so the hedge fires at once.
        assertThat(requests("down")).isEqualTo(6);
    }

    @Test
    void rateLimitedIsNotRetriedBySearch() {
        // The guide's search retries timeouts and 503s only: a 429 is an unexpected status there.
        wiremock.stubFor(post("/search").willReturn(status(429)));

        assertThatThrownBy(() -> this.search.search("limited")).isInstanceOf(DownstreamRateLimitedException.class);
        assertThat(requests("limited")).isEqualTo(2); // the primary, and the hedge fired when it left nothing in flight
    }

    @Test
    void badRequestAbortsTheRetryLoop() {
        wiremock.stubFor(post("/search").willReturn(aResponse().withStatus(400)));
        long abortedBefore = retry().stats().aborted();

        assertThatThrownBy(() -> this.search.search("bad")).isInstanceOf(BadRequestException.class);

        assertThat(requests("bad")).isEqualTo(2); // the primary and its hedge, then no retry
        assertThat(retry().stats().aborted()).isEqualTo(abortedBefore + 1);
    }

    /** Requests for one query: each test uses its own, so a late request of another test never counts. */
    private static int requests(String query) {
        return WireMockDownstream.count(postRequestedFor(urlPathEqualTo("/search"))
            .withRequestBody(equalToJson("{\"q\":\"" + query + "\"}")));
    }

    private BackoffRetry retry() {
        return this.retries.instance("search");
    }

    private Hedged hedged() {
        return this.hedges.instance("search");
    }
}
