package dev.resiliency.sample.budget;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.resiliency.ResiliencyTimeoutException;
import dev.resiliency.sample.downstream.DownstreamTimeoutException;
import dev.resiliency.sample.downstream.DownstreamTraffic;
import dev.resiliency.sample.inventory.InventoryClient;
import dev.resiliency.sample.payment.ChargeRequest;
import dev.resiliency.sample.payment.PaymentGateway;
import dev.resiliency.sample.support.WireMockTest;
import dev.resiliency.sample.user.UserProfileService;
import dev.resiliency.semaphore.WeightedSemaphore;
import dev.resiliency.spring.registry.WeightedSemaphoreRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The guide's timeout budget against a downstream that hangs, with every deadline divided by 10 so the test
 * takes seconds, not minutes, and the order of the table kept: HTTP 300 ms &lt; hedged 400 ms &lt; retry budget
 * 800 ms &lt; semaphore 1 s (the caller-facing deadline is {@code CallerDeadlineTest}'s).
 */
@TestPropertySource(properties = { "sample.downstream.read-timeout=300ms",
        "resiliency.hedged.inventory.timeout=400ms", "resiliency.hedged.inventory.initial-delay=20ms",
        "resiliency.retry.inventory.base-delay=10ms", "resiliency.retry.inventory.budget=800ms",
        "resiliency.retry.user-profile.base-delay=5ms",
        "sample.inventory.acquire-timeout=1s", "sample.payment-gateway.acquire-timeout=1s",
        "sample.web.deadline=1200ms" })
class TimeoutBudgetTest extends WireMockTest {

    @Autowired
    InventoryClient inventory;

    @Autowired
    UserProfileService users;

    @Autowired
    PaymentGateway gateway;

    @Autowired
    WeightedSemaphoreRegistry semaphores;

    @Autowired
    DownstreamTraffic traffic;

    @Test
    void aHangingInventoryApiFailsWithinTheRetryBudgetWithAtMostSixRequests() {
        wiremock.stubFor(get("/inventory/v2/products/sku-hang").willReturn(okJson("{}").withFixedDelay(5000)));
        long sentBefore = this.traffic.counters(InventoryClient.ROUTE).requests();
        long start = System.nanoTime();

        assertThatThrownBy(() -> this.inventory.getInventory("sku-hang"))
            .isInstanceOfAny(DownstreamTimeoutException.class, ResiliencyTimeoutException.class);

        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        // The budget (800 ms) stops new attempts; the last one started ends within its hedged deadline (400 ms).
        assertThat(elapsed).isLessThan(Duration.ofMillis(800 + 400 + 500));
        assertThat(this.traffic.counters(InventoryClient.ROUTE).requests() - sentBefore).isBetween(2L, 6L);
        assertThat(this.semaphores.instance("inventory").available()).isEqualTo(20);
    }

    @Test
    void aHangingUserServiceIsATimeoutRetriedThreeTimes() {
        wiremock.stubFor(get("/users/900").willReturn(okJson("{}").withFixedDelay(1500)));

        long sentBefore = this.traffic.counters(UserProfileService.ROUTE).requests();

        assertThatThrownBy(() -> this.users.get(900)).isInstanceOf(DownstreamTimeoutException.class);
        // Counted as sent by this application: WireMock only records a request once it is done with it, which for
        // a client that gave up may be never.
        assertThat(this.traffic.counters(UserProfileService.ROUTE).requests() - sentBefore).isEqualTo(3);
    }

    @Test
    void aChargeThatCannotGetCapacityWithinTheSemaphoreTimeoutIsThrottled() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService holder = Executors.newSingleThreadExecutor();
        try {
            holder.submit(() -> semaphore().acquire(10, () -> {
                release.await();
                return null;
            }));
            await().atMost(Duration.ofSeconds(10)).until(() -> semaphore().available() == 0);
            long start = System.nanoTime();

            assertThatThrownBy(() -> this.gateway.charge(ChargeRequest.of("pm_throttled", 100)))
                .isInstanceOf(ResiliencyTimeoutException.class);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
            assertThat(semaphore().queueLength()).as("the timed-out waiter left the queue").isZero();
        }
        finally {
            release.countDown();
            holder.shutdownNow();
        }
    }

    private WeightedSemaphore semaphore() {
        return this.semaphores.instance("payment-gateway");
    }
}
