package dev.resiliency.sample.downstream;

import java.util.function.Consumer;
import org.springframework.http.HttpHeaders;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClient;

/**
 * The HTTP calls every client makes, over one {@link RestClient}: JSON in and out, the guide's status mapping
 * ({@link StatusMapping}), the request counted per route ({@link DownstreamTraffic}). It adds no resilience of its
 * own: that is the annotations' job on the clients that call it.
 */
public class Downstream {

    private final RestClient restClient;
    private final DownstreamBaseUrl baseUrl;

    Downstream(RestClient restClient, DownstreamBaseUrl baseUrl) {
        this.restClient = restClient;
        this.baseUrl = baseUrl;
    }

    /** The base URL requests go to, e.g. {@code http://localhost:8080/simulated}. */
    public String baseUrl() {
        return this.baseUrl.baseUrl();
    }

    /**
     * {@code GET} a JSON resource.
     *
     * @param route a short name for the downstream API, used in counts and error messages
     * @throws DownstreamException for an error status or an I/O failure
     */
    public <T> T get(String route, String uriTemplate, Class<T> type, Object... uriVariables) {
        try {
            return this.restClient.get()
                .uri(uriTemplate, uriVariables)
                .attribute(DownstreamTraffic.ROUTE, route)
                .retrieve()
                .onStatus(status -> status.isError(), StatusMapping.INSTANCE)
                .body(type);
        }
        catch (RestClientException ex) {
            throw translated(route, ex);
        }
    }

    /** {@code POST} a JSON body and read a JSON answer; see {@link #get}. */
    public <T> T post(String route, String uriTemplate, Object body, Class<T> type, Consumer<HttpHeaders> headers) {
        try {
            return this.restClient.post()
                .uri(uriTemplate)
                .attribute(DownstreamTraffic.ROUTE, route)
                .headers(headers)
                .body(body)
                .retrieve()
                .onStatus(status -> status.isError(), StatusMapping.INSTANCE)
                .body(type);
        }
        catch (RestClientException ex) {
            throw translated(route, ex);
        }
    }

    private static RuntimeException translated(String route, RestClientException failure) {
        DownstreamException mapped = StatusMapping.ioFailure(route, failure);
        return mapped != null ? mapped : failure;
    }

    /** {@code POST} without extra headers. */
    public <T> T post(String route, String uriTemplate, Object body, Class<T> type) {
        return post(route, uriTemplate, body, type, headers -> {
        });
    }
}
