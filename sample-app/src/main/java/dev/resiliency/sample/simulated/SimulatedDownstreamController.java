package dev.resiliency.sample.simulated;

import dev.resiliency.sample.inventory.Inventory;
import dev.resiliency.sample.payment.Charge;
import dev.resiliency.sample.payment.Transaction;
import dev.resiliency.sample.product.Product;
import dev.resiliency.sample.product.Review;
import dev.resiliency.sample.search.SearchQuery;
import dev.resiliency.sample.search.SearchResults;
import dev.resiliency.sample.user.UserProfile;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The simulated downstream, served by the application itself under {@code /simulated}: a search service, a
 * payment API, a user service, an inventory API, a catalog and a reviews service, all speaking the JSON the
 * clients expect, with the latency and failures of {@link SimulationSettings}. Change them at run time with
 * {@code POST /simulated/settings}; read what was served with {@code GET /simulated/stats}. Turned off by
 * {@code sample.simulated.enabled=false} (when {@code sample.downstream.base-url} points at a real service).
 */
@RestController
@RequestMapping("/simulated")
@ConditionalOnWebApplication
@ConditionalOnProperty(name = "sample.simulated.enabled", matchIfMissing = true)
public class SimulatedDownstreamController {

    /** A payment method the simulated payment API always declines (402). */
    public static final String DECLINED_PAYMENT_METHOD = "pm_card_declined";

    private final SimulatedDownstream downstream;
    private final PaymentLedger ledger = new PaymentLedger();

    public SimulatedDownstreamController(SimulatedDownstream downstream) {
        this.downstream = downstream;
    }

    @PostMapping("/search")
    public CompletableFuture<ResponseEntity<Object>> search(@RequestBody SearchQuery query) {
        return this.downstream.serve("search", () -> {
            if (query.q() == null || query.q().isBlank()) {
                return error(HttpStatus.BAD_REQUEST, "bad_request");
            }
            return ResponseEntity.ok(new SearchResults(query.q(), List.of(query.q() + " guide",
                    query.q() + " in production", "resilient " + query.q())));
        });
    }

    @PostMapping("/payments/v1/charges")
    public CompletableFuture<ResponseEntity<Object>> charge(@RequestBody Charge charge,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        return this.downstream.serve("payments", () -> {
            if (charge.amount() < 1 || charge.paymentMethod() == null) {
                return error(HttpStatus.BAD_REQUEST, "bad_request");
            }
            if (DECLINED_PAYMENT_METHOD.equals(charge.paymentMethod())) {
                return error(HttpStatus.PAYMENT_REQUIRED, "payment_declined");
            }
            Transaction transaction = this.ledger.charge(idempotencyKey, charge);
            return ResponseEntity.ok(transaction);
        });
    }

    @GetMapping("/users/{id}")
    public CompletableFuture<ResponseEntity<Object>> user(@PathVariable long id) {
        return this.downstream.serve("users", () -> id < 1 || id > 1_000_000 ? error(HttpStatus.NOT_FOUND, "not_found")
                : ResponseEntity.ok(new UserProfile(id, "User " + id, "user" + id + "@example.com")));
    }

    @GetMapping("/inventory/v2/products/{sku}")
    public CompletableFuture<ResponseEntity<Object>> inventory(@PathVariable String sku) {
        return this.downstream.serve("inventory", () -> isUnknown(sku) ? error(HttpStatus.NOT_FOUND, "not_found")
                : ResponseEntity.ok(new Inventory(sku, Math.floorMod(sku.hashCode(), 100), null)));
    }

    @GetMapping("/catalog/products/{id}")
    public CompletableFuture<ResponseEntity<Object>> product(@PathVariable String id) {
        return this.downstream.serve("catalog", () -> isUnknown(id) ? error(HttpStatus.NOT_FOUND, "not_found")
                : ResponseEntity.ok(new Product(id, "Product " + id, "sku-" + id, 1000 + Math.floorMod(id.hashCode(), 9000))));
    }

    @GetMapping("/reviews/{productId}")
    public CompletableFuture<ResponseEntity<Object>> reviews(@PathVariable String productId) {
        return this.downstream.serve("reviews", () -> ResponseEntity.ok(List.of(
                new Review(5, "Exactly what " + productId + " promised"), new Review(4, "Good, ships fast"))));
    }

    @GetMapping("/settings")
    public Map<String, Object> settings() {
        return this.downstream.describeSettings();
    }

    @PostMapping("/settings")
    public Map<String, Object> updateSettings(@RequestBody SettingsUpdate update) {
        this.downstream.update(update);
        return this.downstream.describeSettings();
    }

    @PostMapping("/settings/reset")
    public Map<String, Object> resetSettings() {
        this.downstream.reset(SimulationSettings.DEFAULTS);
        return this.downstream.describeSettings();
    }

    @GetMapping("/stats")
    public Map<String, RouteStats> stats() {
        return this.downstream.stats();
    }

    @PostMapping("/stats/reset")
    public Map<String, RouteStats> resetStats() {
        this.downstream.resetStats();
        return this.downstream.stats();
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> invalidSettings(IllegalArgumentException ex) {
        return ResponseEntity.badRequest().body(Map.of("error", "invalid_settings", "message", ex.getMessage()));
    }

    private static boolean isUnknown(String id) {
        return id.startsWith("unknown");
    }

    private static ResponseEntity<Object> error(HttpStatus status, String code) {
        return ResponseEntity.status(status).body(Map.of("error", code));
    }
}
