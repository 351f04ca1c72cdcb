package dev.resiliency.spring.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import dev.resiliency.CircuitOpenException;
import dev.resiliency.ResiliencyTimeoutException;
import dev.resiliency.bulkhead.BulkheadStats;
import dev.resiliency.circuitbreaker.CircuitBreaker;
import dev.resiliency.circuitbreaker.CircuitBreakerStats;
import dev.resiliency.hedged.HedgedStats;
import dev.resiliency.retry.RetryStats;
import dev.resiliency.semaphore.WeightedSemaphore;
import dev.resiliency.singleflight.SingleFlightStats;
import dev.resiliency.spring.config.ResiliencyAutoConfiguration;
import dev.resiliency.spring.registry.BulkheadRegistry;
import dev.resiliency.spring.registry.CircuitBreakerRegistry;
import dev.resiliency.spring.registry.HedgedRegistry;
import dev.resiliency.spring.registry.RetryRegistry;
import dev.resiliency.spring.registry.SingleFlightRegistry;
import dev.resiliency.spring.registry.WeightedSemaphoreRegistry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults from a real HTTP server (WireMock) through the whole annotated stack: Fallback → CircuitBreaker →
 * SingleFlight → RateLimiter → Bulkhead → WeightedSemaphore → Retry → Hedged → {@link RestClient} on the JDK
 * {@link HttpClient}. Each test checks the result as designed, then that nothing is left behind: no resiliency
 * thread still busy, no new non-daemon thread, no bulkhead or semaphore permit held, no flight in progress.
 *
 * <p>The stack retries every {@link RestClientException} (I/O errors, 5xx, 429) three times, 20 ms apart; each
 * attempt is hedged once after 300 ms (long enough that a healthy answer never
 * hedges, even on a loaded machine), or at once when the first copy fails. The JDK client itself resends an
 * idempotent request once when the connection closes before any response byte (reset, empty response), so those
 * faults cost two server requests per copy: the counts below say so.
 */
@Timeout(60)
class FaultInjectionTest {

    private static final String PATH = "/inventory/.*";
    private static final String STOCK = "{\"sku\":\"sku-1\",\"stock\":7}";
    /** Requests the JDK client sends for one copy when the connection closes before any response byte. */
    private static final int TRANSPORT_TRIES = 2;

    private static WireMockServer server;

    private Set<String> nonDaemonBaseline;

    @BeforeAll
    static void startServer() throws Exception {
        server = new WireMockServer(options().dynamicPort().containerThreads(64));
        server.start();
        // one request first, so that the server's lazily started threads are part of every test's baseline
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/warm-up")).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @BeforeEach
    void resetServer() {
        server.resetAll();
        this.nonDaemonBaseline = ThreadAudit.nonDaemonThreads();
    }

    @Test
    void connectionResetIsRetriedUntilTheDownstreamAnswers() {
        // both copies of the first attempt are reset (each one resent once by the client), the second attempt answers
        failThenAnswer(2 * TRANSPORT_TRIES, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        runner().run(context -> {
            assertThat(client(context).stock("sku-1")).isEqualTo(STOCK);
            assertThat(requests()).isEqualTo(2 * TRANSPORT_TRIES + 1);
            assertRetried(context, 2);
            assertNothingLeftBehind(context);
        });
    }

    @Test
    void emptyResponseIsRetriedUntilTheDownstreamAnswers() {
        failThenAnswer(2 * TRANSPORT_TRIES, aResponse().withFault(Fault.EMPTY_RESPONSE));
        runner().run(context -> {
            assertThat(client(context).stock("sku-1")).isEqualTo(STOCK);
            assertThat(requests()).isEqualTo(2 * TRANSPORT_TRIES + 1);
            assertRetried(context, 2);
            assertNothingLeftBehind(context);
        });
    }

    @Test
    void malformedChunkIsRetriedUntilTheDownstreamAnswers() {
        // the headers arrive, the body is garbage: RestClient fails while reading it, the client does not resend
        failThenAnswer(4, aResponse().withStatus(200).withFault(Fault.MALFORMED_RESPONSE_CHUNK));
        runner().run(context -> {
            assertThat(client(context).stock("sku-1")).isEqualTo(STOCK);
            assertThat(requests()).isEqualTo(5);
            assertRetried(context, 3);
            assertNothingLeftBehind(context);
        });
    }

    @Test
    void slowResponseIsHedgedAndTheSlowCopyIsAbandoned() {
        // the first request would answer after 3 s; the hedge fired at 300 ms answers at once and wins
        failThenAnswer(1, ok().withFixedDelay(3_000));
        runner().run(context -> {
            long start = System.nanoTime();
            assertThat(client(context).stock("sku-1")).isEqualTo(STOCK);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1_500));
            awaitRequests(2);
            HedgedStats hedged = context.getBean(HedgedRegistry.class).instance("inventory").stats();
            assertThat(hedged.totalRequests()).isEqualTo(1);
            assertThat(hedged.hedgedRequests()).isEqualTo(1);
            assertThat(hedged.hedgeWon()).isEqualTo(1);
            // the losing copy was interrupted and its HTTP exchange cancelled: its thread is free long before the
            // server's 3 s (or the client's 2 s read timeout) would have released it
            await().atMost(Duration.ofSeconds(1)).untilAsserted(
                    () -> assertThat(ThreadAudit.busyResiliencyThreads()).isEmpty());
            assertNothingLeftBehind(context);
        });
    }

    @Test
    void readTimeoutOnEveryCopyExhaustsTheRetriesThenTheFallbackAnswers() {
        server.stubFor(get(urlPathMatching(PATH)).willReturn(ok().withFixedDelay(1_500)));
        runner("downstream.read-timeout=300ms").run(context -> {
            InventoryClient client = client(context);
            assertThat(client.stock("sku-1")).isEqualTo("degraded:ResourceAccessException");
            assertThat(client.degradations()).singleElement().isInstanceOf(ResourceAccessException.class);
            awaitRequests(3 * 2); // the server logs a request when its delayed answer is done
            RetryStats retry = context.getBean(RetryRegistry.class).instance("inventory").stats();
            assertThat(retry.failureWithRetry()).isEqualTo(1);
            assertThat(retry.attempts()).isEqualTo(3);
            assertThat(breakerStats(context).failedCalls()).isEqualTo(1);
            assertNothingLeftBehind(context);
        });
    }

    @Test
    void hungDownstreamIsCutByTheHedgedTimeoutAndItsThreadsAreFreed() {
        server.stubFor(get(urlPathMatching(PATH)).willReturn(ok().withFixedDelay(5_000)));
        runner("downstream.read-timeout=10s", "resiliency.hedged.inventory.timeout=600ms").run(context -> {
            InventoryClient client = client(context);
            assertThat(client.stock("sku-1")).isEqualTo("degraded:ResiliencyTimeoutException");
            assertThat(client.degradations()).singleElement().isInstanceOf(ResiliencyTimeoutException.class);
            // the timeout is not a RestClientException: not retried; both copies were sent, then cancelled
            awaitRequests(2);
            assertThat(context.getBean(RetryRegistry.class).instance("inventory").stats().failureWithoutRetry())
                    .isEqualTo(1);
            await().atMost(Duration.ofSeconds(2)).untilAsserted(
                    () -> assertThat(ThreadAudit.busyResiliencyThreads()).isEmpty());
            assertNothingLeftBehind(context);
        });
    }

    @Test
    void randomDelaysUnderConcurrentLoadLeaveNothingBehind() throws Exception {
        server.stubFor(get(urlPathMatching(PATH)).willReturn(ok().withUniformRandomDelay(0, 600)));
        runner().run(context -> {
            InventoryClient client = client(context);
            int threads = 16;
            int callsPerThread = 12;
            List<String> results = callConcurrently(threads, callsPerThread, (thread, call) ->
                    client.stock("sku-" + ((thread + call) % 10)));
            assertThat(results).hasSize(threads * callsPerThread).containsOnly(STOCK);

            int calls = threads * callsPerThread;
            CircuitBreakerStats breaker = breakerStats(context);
            assertThat(breaker.successfulCalls()).isEqualTo(calls);
            assertThat(breaker.failedCalls() + breaker.ignoredCalls() + breaker.rejectedCalls()).isZero();
            SingleFlightStats flight = context.getBean(SingleFlightRegistry.class).instance("inventory").stats();
            assertThat(flight.leaderCalls() + flight.sharedCalls()).isEqualTo(calls);
            RetryStats retry = context.getBean(RetryRegistry.class).instance("inventory").stats();
            assertThat(retry.successWithoutRetry()).isEqualTo(flight.leaderCalls());
            HedgedStats hedged = context.getBean(HedgedRegistry.class).instance("inventory").stats();
            assertThat(hedged.totalRequests()).isEqualTo(flight.leaderCalls());
            // every leader sent one request, and one more when it hedged (unless the hedge lost before it started);
            // the server logs a request once its delayed answer is written, so wait for the stragglers
            await().atMost(Duration.ofSeconds(2)).until(() -> requests() >= flight.leaderCalls());
            assertThat((long) requests()).isBetween(flight.leaderCalls(), flight.leaderCalls() + hedged.hedgedRequests());
            assertNothingLeftBehind(context);
        });
    }

    @Test
    void burstOf503sIsRetriedThrough() {
        failThenAnswer(3, aResponse().withStatus(503));
        runner().run(context -> {
            assertThat(client(context).stock("sku-1")).isEqualTo(STOCK);
            assertThat(requests()).isEqualTo(4);
            assertRetried(context, 2);
            assertNothingLeftBehind(context);
        });
    }

    @Test
    void sustained503sOpenTheCircuitWhichProbesThenClosesWhenTheDownstreamRecovers() {
        server.stubFor(get(urlPathMatching(PATH)).willReturn(aResponse().withStatus(503)));
        runner().run(context -> {
            InventoryClient client = client(context);
            CircuitBreaker breaker = context.getBean(CircuitBreakerRegistry.class).instance("inventory");
            // timestamps are taken before the call that opens the circuit, so that they are never after the opening
            long openedAt = 0;
            for (int i = 0; i < 4; i++) { // minimum-calls 4, all failed: the failure rate 100% opens the circuit
                assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
                openedAt = System.nanoTime();
                assertThat(client.stock("sku-1")).isEqualTo("degraded:ServiceUnavailable");
            }
            assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
            int sent = 4 * 3 * 2; // 4 calls × 3 attempts × 2 copies
            assertThat(requests()).isEqualTo(sent);

            // open: rejected before reaching the network, degraded by the fallback
            assertThat(client.stock("sku-1")).isEqualTo("degraded:CircuitOpenException");
            assertThat(client.degradations()).last().isInstanceOf(CircuitOpenException.class);
            assertThat(requests()).isEqualTo(sent);

            // after the open timeout a probe goes through, still fails, and the circuit opens again
            long[] probedAt = new long[1];
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
                probedAt[0] = System.nanoTime();
                client.stock("sku-1");
                return requests() > sent;
            });
            assertThat(Duration.ofNanos(System.nanoTime() - openedAt)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
            assertThat(requests()).isEqualTo(sent + 3 * 2);
            assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
            long reopenedAt = probedAt[0];

            // the downstream recovers: the next probe succeeds and closes the circuit
            server.resetAll();
            server.stubFor(get(urlPathMatching(PATH)).willReturn(ok()));
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                    .until(() -> client.stock("sku-1").equals(STOCK));
            assertThat(Duration.ofNanos(System.nanoTime() - reopenedAt)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
            assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(requests()).isEqualTo(1);
            assertThat(client.stock("sku-2")).isEqualTo(STOCK);

            CircuitBreakerStats stats = breaker.stats();
            assertThat(stats.failedCalls()).isEqualTo(5);
            assertThat(stats.successfulCalls()).isEqualTo(2);
            assertThat(stats.rejectedCalls()).isEqualTo(client.degradations().stream()
                    .filter(CircuitOpenException.class::isInstance).count()).isPositive();
            assertNothingLeftBehind(context);
        });
    }

    @Test
    void tooManyRequestsIsRetriedThenDegradedWithoutOpeningTheCircuit() {
        server.stubFor(get(urlPathMatching(PATH)).willReturn(tooManyRequests(1)));
        runner().run(context -> {
            InventoryClient client = client(context);
            for (int i = 0; i < 6; i++) {
                assertThat(client.stock("sku-1")).isEqualTo("degraded:TooManyRequests:retry-after=1");
            }
            assertThat(requests()).isEqualTo(6 * 3 * 2);
            // a rate-limited downstream is not a broken one: 429 is ignored by the breaker (ignore-exceptions)
            CircuitBreakerStats breaker = breakerStats(context);
            assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(breaker.ignoredCalls()).isEqualTo(6);
            assertThat(breaker.failedCalls()).isZero();
            assertThat(context.getBean(RetryRegistry.class).instance("inventory").stats().failureWithRetry())
                    .isEqualTo(6);
            assertNothingLeftBehind(context);
        });
    }

    @Test
    void retryAfterLongerThanWorthWaitingAbortsTheRetry() {
        server.stubFor(get(urlPathMatching(PATH)).willReturn(tooManyRequests(120)));
        runner().run(context -> {
            InventoryClient client = client(context);
            assertThat(client.stock("sku-1")).isEqualTo("degraded:TooManyRequests:retry-after=120");
            assertThat(client.degradations()).singleElement().isInstanceOf(HttpClientErrorException.TooManyRequests.class);
            // BackoffRetry.abort stops the retry at once; hedging still tried its second copy (a failed copy with
            // nothing else in flight fires the next one), so two requests, one attempt
            assertThat(requests()).isEqualTo(2);
            RetryStats retry = context.getBean(RetryRegistry.class).instance("inventory").stats();
            assertThat(retry.aborted()).isEqualTo(1);
            assertThat(retry.attempts()).isEqualTo(1);
            assertThat(breakerStats(context).ignoredCalls()).isEqualTo(1);
            assertNothingLeftBehind(context);
        });
    }

    @Test
    void serverErrorsOtherThan503AreRetriedAndDegradedWithTheirType() {
        server.stubFor(get(urlPathMatching(PATH)).willReturn(aResponse().withStatus(500)));
        runner().run(context -> {
            InventoryClient client = client(context);
            assertThat(client.stock("sku-1")).isEqualTo("degraded:InternalServerError");
            assertThat(client.degradations()).singleElement().isInstanceOf(HttpServerErrorException.class);
            assertThat(requests()).isEqualTo(3 * 2);
            assertNothingLeftBehind(context);
        });
    }

    // --- support -------------------------------------------------------------------------------------------

    /** The stack as the inventory example configures it, with times short enough for a test. */
    private static ApplicationContextRunner runner(String... overrides) {
        List<String> properties = new ArrayList<>(List.of(
                "downstream.url=" + server.baseUrl(),
                "downstream.read-timeout=2s",
                "resiliency.circuit-breaker.inventory.window-size=10",
                "resiliency.circuit-breaker.inventory.minimum-calls=4",
                "resiliency.circuit-breaker.inventory.failure-rate-threshold=0.5",
                "resiliency.circuit-breaker.inventory.open-timeout=200ms",
                "resiliency.circuit-breaker.inventory.ignore-exceptions="
                        + "org.springframework.web.client.HttpClientErrorException$TooManyRequests",
                "resiliency.rate-limiter.inventory.rate=1000",
                "resiliency.rate-limiter.inventory.burst-size=1000",
                "resiliency.bulkhead.inventory.max-concurrent=8",
                "resiliency.bulkhead.inventory.max-wait=10s",
                "resiliency.weighted-semaphore.inventory.max=10",
                "resiliency.retry.inventory.max-attempts=3",
                "resiliency.retry.inventory.backoff=constant",
                "resiliency.retry.inventory.base-delay=20ms",
                "resiliency.retry.inventory.retry-exceptions=org.springframework.web.client.RestClientException",
                "resiliency.hedged.inventory.delay=300ms",
                "resiliency.hedged.inventory.max-requests=2",
                "resiliency.hedged.inventory.timeout=3s"));
        properties.addAll(List.of(overrides));
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, ResiliencyAutoConfiguration.class))
                .withPropertyValues(properties.toArray(String[]::new))
                .withUserConfiguration(Downstream.class);
    }

    @Configuration(proxyBeanMethods = false)
    static class Downstream {

        @Bean
        InventoryClient inventoryClient(Environment environment) {
            Duration readTimeout = DurationStyle.detectAndParse(environment.getRequiredProperty("downstream.read-timeout"));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2)).build();
            JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
            requests.setReadTimeout(readTimeout);
            return new InventoryClient(RestClient.builder().baseUrl(environment.getRequiredProperty("downstream.url"))
                    .requestFactory(requests).build());
        }
    }

    private static InventoryClient client(AssertableApplicationContext context) {
        assertThat(context).hasNotFailed();
        return context.getBean(InventoryClient.class);
    }

    private static ResponseDefinitionBuilder ok() {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(STOCK);
    }

    private static ResponseDefinitionBuilder tooManyRequests(int retryAfterSeconds) {
        return aResponse().withStatus(429).withHeader("Retry-After", Integer.toString(retryAfterSeconds));
    }

    /** The first {@code failures} requests get {@code failure}, every later one the stock. */
    private static void failThenAnswer(int failures, ResponseDefinitionBuilder failure) {
        for (int i = 0; i < failures; i++) {
            server.stubFor(get(urlPathMatching(PATH)).inScenario("faults")
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "failed-" + i)
                    .willSetStateTo("failed-" + (i + 1))
                    .willReturn(failure));
        }
        server.stubFor(get(urlPathMatching(PATH)).inScenario("faults")
                .whenScenarioStateIs(failures == 0 ? Scenario.STARTED : "failed-" + failures)
                .willReturn(ok()));
    }

    private static int requests() {
        return server.countRequestsMatching(getRequestedFor(urlPathMatching(PATH)).build()).getCount();
    }

    /** Waits until the server logged {@code expected} requests (it logs a delayed one when its answer is done). */
    private static void awaitRequests(int expected) {
        await().atMost(Duration.ofSeconds(5)).until(() -> requests() >= expected);
        assertThat(requests()).isEqualTo(expected);
    }

    private static CircuitBreakerStats breakerStats(AssertableApplicationContext context) {
        return context.getBean(CircuitBreakerRegistry.class).instance("inventory").stats();
    }

    /** One call that succeeded after {@code attempts} attempts, each hedged because its first copy failed. */
    private static void assertRetried(AssertableApplicationContext context, int attempts) {
        RetryStats retry = context.getBean(RetryRegistry.class).instance("inventory").stats();
        assertThat(retry.successWithRetry()).isEqualTo(1);
        assertThat(retry.attempts()).isEqualTo(attempts);
        HedgedStats hedged = context.getBean(HedgedRegistry.class).instance("inventory").stats();
        assertThat(hedged.totalRequests()).isEqualTo(attempts);
        CircuitBreakerStats breaker = breakerStats(context);
        assertThat(breaker.successfulCalls()).isEqualTo(1);
        assertThat(breaker.failedCalls()).isZero();
    }

    private void assertNothingLeftBehind(AssertableApplicationContext context) {
        BulkheadStats bulkhead = context.getBean(BulkheadRegistry.class).instance("inventory").stats();
        assertThat(bulkhead.active()).as("bulkhead permits held").isZero();
        assertThat(bulkhead.waiting()).as("bulkhead waiters").isZero();
        WeightedSemaphore semaphore = context.getBean(WeightedSemaphoreRegistry.class).instance("inventory");
        assertThat(semaphore.current()).as("semaphore permits held").isZero();
        assertThat(semaphore.queueLength()).as("semaphore waiters").isZero();
        assertThat(context.getBean(SingleFlightRegistry.class).instance("inventory").inFlight())
                .as("flights in progress").isZero();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(ThreadAudit.busyResiliencyThreads()).as("resiliency threads still running work").isEmpty();
            assertThat(ThreadAudit.nonDaemonThreads()).as("non-daemon threads").isSubsetOf(this.nonDaemonBaseline);
        });
    }

    @FunctionalInterface
    interface Call {
        String run(int thread, int call) throws Exception;
    }

    /** Runs {@code threads × calls} calls from {@code threads} threads started together; results in any order. */
    private static List<String> callConcurrently(int threads, int calls, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<String>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Callable<List<String>> caller = () -> {
                    List<String> results = new ArrayList<>();
                    for (int c = 0; c < calls; c++) {
                        results.add(call.run(thread, c));
                    }
                    return results;
                };
                futures.add(pool.submit(caller));
            }
            List<String> all = new ArrayList<>();
            for (Future<List<String>> future : futures) {
                all.addAll(future.get());
            }
            return all;
        }
        finally {
            pool.shutdownNow();
        }
    }
}
