package dev.resiliency.sample.product;

/** Core product data from the catalog: the part of a product page that must be there. */
public record Product(String id, String name, String sku, long priceCents) {
}
