package dev.resiliency.sample.search;

import dev.resiliency.retry.BackoffRetry;
import dev.resiliency.sample.downstream.BadRequestException;
import dev.resiliency.sample.downstream.Downstream;
import dev.resiliency.spring.annotation.Hedged;
import dev.resiliency.spring.annotation.Retry;
import org.springframework.stereotype.Service;

/**
 * The guide's "Retry + Hedged Requests" pattern: a search client whose every retry attempt is a hedged call
 * (primary plus a backup after the adaptive delay, p95 of recent latencies), retried with exponential backoff
 * when both copies failed with a timeout or a 503, within a 10 s budget.
 *
 * <p>Configuration ({@code application.yml}): {@code resiliency.retry.search} (3 attempts, exponential from 200 ms
 * to 2 s, budget 10 s, retrying {@code DownstreamTimeoutException}, {@code ServiceUnavailableException} and the
 * hedged timeout) and {@code resiliency.hedged.search} (p95, min 10 ms, max 2 s, initial 150 ms).
 */
@Service
public class SearchClient {

    /** The route name of the search API in counts and errors. */
    public static final String ROUTE = "search";

    private final Downstream downstream;

    public SearchClient(Downstream downstream) {
        this.downstream = downstream;
    }

    /**
     * Queries the search service.
     *
     * @throws dev.resiliency.sample.downstream.DownstreamException the last failure once retries are exhausted,
     *         or at once for an error that is not retried
     */
    @Retry("search")
    @Hedged("search")
    public SearchResults search(String query) {
        try {
            return this.downstream.post(ROUTE, "/search", new SearchQuery(query), SearchResults.class);
        }
        catch (BadRequestException ex) {
            // The guide's "abort on non-retryable errors": a 400 will never succeed, stop the retry loop now.
            throw BackoffRetry.abort(ex);
        }
    }
}
