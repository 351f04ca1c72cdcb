package dev.resiliency.sample.web;

import dev.resiliency.sample.inventory.Inventory;
import dev.resiliency.sample.inventory.InventoryClient;
import dev.resiliency.sample.payment.ChargeRequest;
import dev.resiliency.sample.payment.PaymentClient;
import dev.resiliency.sample.payment.PaymentGateway;
import dev.resiliency.sample.payment.Transaction;
import dev.resiliency.sample.product.ProductPage;
import dev.resiliency.sample.product.ProductPageService;
import dev.resiliency.sample.search.SearchClient;
import dev.resiliency.sample.search.SearchResults;
import dev.resiliency.sample.user.UserProfile;
import dev.resiliency.sample.user.UserProfileService;
import java.util.concurrent.CompletableFuture;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The REST API: one endpoint per pattern of the guide, each behind the caller-facing deadline. Errors become
 * problem details ({@link ApiExceptionHandler}).
 */
@RestController
public class ApiController {

    private final ProductPageService products;
    private final SearchClient search;
    private final PaymentGateway paymentGateway;
    private final PaymentClient paymentClient;
    private final UserProfileService users;
    private final InventoryClient inventory;
    private final CallerDeadline deadline;

    public ApiController(ProductPageService products, SearchClient search, PaymentGateway paymentGateway,
            PaymentClient paymentClient, UserProfileService users, InventoryClient inventory,
            CallerDeadline deadline) {
        this.products = products;
        this.search = search;
        this.paymentGateway = paymentGateway;
        this.paymentClient = paymentClient;
        this.users = users;
        this.inventory = inventory;
        this.deadline = deadline;
    }

    /** A product page: catalog (required) + inventory (full stack) + reviews, degrading gracefully. */
    @GetMapping("/products/{id}")
    public CompletableFuture<ProductPage> product(@PathVariable String id) {
        return this.deadline.run(() -> this.products.render(id));
    }

    /** Search: retry + hedged requests. */
    @GetMapping("/search")
    public CompletableFuture<SearchResults> search(@RequestParam String q) {
        return this.deadline.run(() -> this.search.search(q));
    }

    /**
     * A payment. {@code via=gateway} (default): hedged and bounded by the weighted semaphore, waiting for capacity;
     * {@code via=try}: the same but rejected at once when at capacity; {@code via=breaker}: circuit breaker +
     * bulkhead.
     */
    @PostMapping("/payments")
    public CompletableFuture<Transaction> pay(@RequestBody PaymentRequest payment,
            @RequestParam(defaultValue = "gateway") String via) {
        ChargeRequest request = ChargeRequest.of(payment.paymentMethod(), payment.amountCents());
        return switch (via) {
            case "gateway" -> this.deadline.run(() -> this.paymentGateway.charge(request));
            case "try" -> this.deadline.run(() -> this.paymentGateway.tryCharge(request));
            case "breaker" -> this.deadline.run(() -> this.paymentClient.charge(request));
            default -> CompletableFuture.failedFuture(new IllegalArgumentException(
                    "via must be one of gateway, try, breaker; got: " + via));
        };
    }

    /** A user profile: cache + single-flight + retry. */
    @GetMapping("/users/{id}")
    public CompletableFuture<UserProfile> user(@PathVariable long id) {
        return this.deadline.run(() -> this.users.get(id));
    }

    /** The inventory of a SKU through the full stack, without the product page's fallback. */
    @GetMapping("/inventory/{sku}")
    public CompletableFuture<Inventory> inventory(@PathVariable String sku) {
        return this.deadline.run(() -> this.inventory.getInventory(sku));
    }

    /** The body of {@code POST /payments}. */
    public record PaymentRequest(String paymentMethod, long amountCents) {
    }
}
