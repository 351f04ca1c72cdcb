package dev.resiliency.sample.product;

import dev.resiliency.sample.downstream.Downstream;
import dev.resiliency.spring.annotation.Retry;
import org.springframework.stereotype.Service;

/**
 * The product catalog: the required part of a product page. Transient errors are retried
 * ({@code resiliency.retry.catalog}); anything else fails the page, as the guide's {@code Catalog.get!} does.
 */
@Service
public class CatalogClient {

    /** The route name of the catalog in counts and errors. */
    public static final String ROUTE = "catalog";

    private final Downstream downstream;

    public CatalogClient(Downstream downstream) {
        this.downstream = downstream;
    }

    @Retry("catalog")
    public Product get(String productId) {
        return this.downstream.get(ROUTE, "/catalog/products/{id}", Product.class, productId);
    }
}
