package dev.resiliency.sample.product;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.serviceUnavailable;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resiliency.circuitbreaker.CircuitBreaker;
import dev.resiliency.sample.downstream.NotFoundException;
import dev.resiliency.sample.inventory.Inventory;
import dev.resiliency.sample.support.WireMockDownstream;
import dev.resiliency.sample.support.WireMockTest;
import dev.resiliency.spring.registry.CircuitBreakerRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * ProductPage = graceful degradation: the product is required, inventory and reviews degrade through
 * {@code @Fallback} when their stacks fail, an open circuit included (then with no inventory request at all).
 */
class ProductPageServiceTest extends WireMockTest {

    @Autowired
    ProductPageService pages;

    @Autowired
    CircuitBreakerRegistry breakers;

    @BeforeEach
    void closeTheCircuit() {
        breaker().reset();
    }

    @Test
    void rendersEverySectionWhenAllIsWell() {
        stubProduct("p1");
        wiremock.stubFor(get("/inventory/v2/products/sku-p1").willReturn(okJson("{\"sku\":\"sku-p1\",\"available\":4}")));
        stubReviews("p1");

        ProductPage page = this.pages.render("p1");

        assertThat(page.product().name()).isEqualTo("Product p1");
        assertThat(page.inventory()).isEqualTo(new Inventory("sku-p1", 4, null));
        assertThat(page.reviews()).containsExactly(new Review(5, "great"));
    }

    @Test
    void anInventoryOutageShowsThePlaceholderOnceRetriesAreSpent() {
        stubProduct("p2");
        wiremock.stubFor(get("/inventory/v2/products/sku-p2").willReturn(serviceUnavailable()));
        stubReviews("p2");

        ProductPage page = this.pages.render("p2");

        assertThat(page.inventory()).isEqualTo(Inventory.unknown("sku-p2"));
        assertThat(page.inventory().message()).isEqualTo("Check back shortly");
        assertThat(page.reviews()).hasSize(1);
        assertThat(inventoryRequests("sku-p2")).isBetween(3, 6);
    }

    @Test
    void anOpenCircuitShowsThePlaceholderWithoutAnyInventoryRequest() {
        stubProduct("p3");
        wiremock.stubFor(get("/inventory/v2/products/sku-p3").willReturn(okJson("{\"sku\":\"sku-p3\",\"available\":4}")));
        stubReviews("p3");
        breaker().forceOpen();
        long rejectedBefore = breaker().stats().rejectedCalls();

        ProductPage page = this.pages.render("p3");

        assertThat(page.inventory()).isEqualTo(Inventory.unknown("sku-p3"));
        assertThat(inventoryRequests("sku-p3")).isZero();
        assertThat(breaker().stats().rejectedCalls()).isEqualTo(rejectedBefore + 1);
    }

    @Test
    void aSustainedOutageOpensTheInventoryCircuitAndPagesStopCallingIt() {
        wiremock.stubFor(get(urlPathEqualTo("/catalog/products/p4")).willReturn(okJson(product("p4"))));
        stubReviews("p4");
        for (int i = 0; i < 10; i++) { // ten different SKUs: no cache, no shared flight
            wiremock.stubFor(get("/inventory/v2/products/sku-p4-" + i).willReturn(serviceUnavailable()));
            assertThat(this.pagesFor(i).inventory().available()).isNull();
        }
        assertThat(breaker().state()).isEqualTo(CircuitBreaker.State.OPEN);
        int requestsWhenOpened = WireMockDownstream.count(getRequestedFor(urlPathEqualTo("/inventory/v2/products/sku-p4-0")));

        for (int i = 0; i < 5; i++) {
            assertThat(this.pagesFor(0).inventory()).isEqualTo(Inventory.unknown("sku-p4-0"));
        }

        assertThat(inventoryRequests("sku-p4-0")).isEqualTo(requestsWhenOpened);
    }

    @Test
    void failingReviewsShowNoReviews() {
        stubProduct("p5");
        wiremock.stubFor(get("/inventory/v2/products/sku-p5").willReturn(okJson("{\"sku\":\"sku-p5\",\"available\":1}")));
        wiremock.stubFor(get("/reviews/p5").willReturn(serverError()));

        ProductPage page = this.pages.render("p5");

        assertThat(page.reviews()).isEmpty();
        assertThat(page.inventory().available()).isEqualTo(1);
    }

    @Test
    void aMissingProductFailsThePage() {
        wiremock.stubFor(get("/catalog/products/unknown-p6").willReturn(notFound()));

        assertThatThrownBy(() -> this.pages.render("unknown-p6")).isInstanceOf(NotFoundException.class);
    }

    private ProductPage pagesFor(int i) {
        // The catalog answers product p4 with SKU sku-p4-i for the i-th page: a page per SKU.
        wiremock.stubFor(get(urlPathEqualTo("/catalog/products/p4"))
            .willReturn(okJson("{\"id\":\"p4\",\"name\":\"Product p4\",\"sku\":\"sku-p4-" + i + "\",\"priceCents\":100}")));
        return this.pages.render("p4");
    }

    private CircuitBreaker breaker() {
        return this.breakers.instance("inventory");
    }

    private static void stubProduct(String id) {
        wiremock.stubFor(get("/catalog/products/" + id).willReturn(okJson(product(id))));
    }

    private static String product(String id) {
        return "{\"id\":\"" + id + "\",\"name\":\"Product " + id + "\",\"sku\":\"sku-" + id + "\",\"priceCents\":100}";
    }

    private static void stubReviews(String id) {
        wiremock.stubFor(get("/reviews/" + id).willReturn(okJson("[{\"rating\":5,\"text\":\"great\"}]")));
    }

    private static int inventoryRequests(String sku) {
        return WireMockDownstream.count(getRequestedFor(urlPathEqualTo("/inventory/v2/products/" + sku)));
    }
}
