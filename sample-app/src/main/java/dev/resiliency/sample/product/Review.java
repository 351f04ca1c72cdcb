package dev.resiliency.sample.product;

/** One product review. */
public record Review(int rating, String text) {
}
