package dev.resiliency.sample.product;

import org.springframework.stereotype.Service;

/**
 * The guide's "Graceful degradation": a product page needs its product (if the catalog fails, the page fails),
 * while its inventory and reviews are optional and degrade to a placeholder and an empty list
 * ({@link ProductSections}, with {@code @Fallback}). When the inventory API is down and every retry is spent, or
 * its circuit is open, the page still renders instead of failing with a 500.
 */
@Service
public class ProductPageService {

    private final CatalogClient catalog;
    private final ProductSections sections;

    public ProductPageService(CatalogClient catalog, ProductSections sections) {
        this.catalog = catalog;
        this.sections = sections;
    }

    public ProductPage render(String productId) {
        Product product = this.catalog.get(productId);
        return new ProductPage(product, this.sections.inventory(product.sku()), this.sections.reviews(productId));
    }
}
