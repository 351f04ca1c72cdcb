package dev.resiliency.sample.product;

import dev.resiliency.sample.inventory.Inventory;
import java.util.List;

/** A rendered product page: the product (required), its inventory and reviews (optional, degraded when down). */
public record ProductPage(Product product, Inventory inventory, List<Review> reviews) {
}
