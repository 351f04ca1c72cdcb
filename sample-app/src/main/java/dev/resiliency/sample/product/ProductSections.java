package dev.resiliency.sample.product;

import dev.resiliency.sample.inventory.Inventory;
import dev.resiliency.sample.inventory.InventoryClient;
import dev.resiliency.spring.annotation.Fallback;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The optional sections of a product page, each degrading on its own with {@code @Fallback}: when the inventory
 * stack fails for any reason (retries exhausted, circuit open, bulkhead full, semaphore timeout) the page shows
 * {@link Inventory#unknown "Check back shortly"}; when the reviews service fails, no reviews.
 *
 * <p>A bean of its own, not methods of {@link ProductPageService}: annotations act through the bean's proxy, which
 * a call from the same object ({@code this.inventory(...)}) would bypass.
 */
@Component
public class ProductSections {

    private static final Logger log = LoggerFactory.getLogger(ProductSections.class);

    private final InventoryClient inventory;
    private final ReviewsClient reviews;

    public ProductSections(InventoryClient inventory, ReviewsClient reviews) {
        this.inventory = inventory;
        this.reviews = reviews;
    }

    @Fallback("inventoryUnknown")
    public Inventory inventory(String sku) {
        return this.inventory.getInventory(sku);
    }

    @Fallback("noReviews")
    public List<Review> reviews(String productId) {
        return this.reviews.get(productId);
    }

    Inventory inventoryUnknown(String sku, Throwable failure) {
        log.info("Inventory of {} unavailable, showing a placeholder: {}", sku, failure.toString());
        return Inventory.unknown(sku);
    }

    List<Review> noReviews(String productId, Throwable failure) {
        log.info("Reviews of {} unavailable, showing none: {}", productId, failure.toString());
        return List.of();
    }
}
