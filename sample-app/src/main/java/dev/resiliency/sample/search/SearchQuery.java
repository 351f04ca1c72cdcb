package dev.resiliency.sample.search;

/** The body of a search request: {@code {"q": "..."}}. */
public record SearchQuery(String q) {
}
