package dev.resiliency.sample.search;

import java.util.List;

/** What the search service answers. */
public record SearchResults(String query, List<String> hits) {
}
