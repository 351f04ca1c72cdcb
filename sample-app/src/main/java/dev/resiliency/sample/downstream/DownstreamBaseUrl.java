package dev.resiliency.sample.downstream;

import java.net.URI;
import java.util.Map;
import org.springframework.core.env.Environment;
import org.springframework.web.util.DefaultUriBuilderFactory;
import org.springframework.web.util.UriBuilder;
import org.springframework.web.util.UriBuilderFactory;

/**
 * The downstream's base URL, resolved on first use rather than at start-up: by default the downstream is this
 * application's own {@code /simulated} endpoints, whose port ({@code local.server.port}, possibly random) is only
 * known once the web server has started, after the clients were created.
 */
final class DownstreamBaseUrl implements UriBuilderFactory {

    private final Environment environment;
    private final String configured;
    private volatile DefaultUriBuilderFactory delegate;

    DownstreamBaseUrl(Environment environment, String configured) {
        this.environment = environment;
        this.configured = configured == null ? "" : configured.trim();
    }

    /** The resolved base URL, e.g. {@code http://localhost:8080/simulated}. */
    String baseUrl() {
        if (!this.configured.isEmpty()) {
            return this.configured;
        }
        String port = this.environment.getProperty("local.server.port");
        if (port == null) {
            throw new IllegalStateException("sample.downstream.base-url is not set and this application serves no "
                    + "simulated downstream (no web server port): set sample.downstream.base-url");
        }
        return "http://localhost:" + port + "/simulated";
    }

    private DefaultUriBuilderFactory delegate() {
        DefaultUriBuilderFactory factory = this.delegate;
        if (factory == null) {
            // Racing threads may both build one: they are equal, and the last write wins harmlessly.
            factory = new DefaultUriBuilderFactory(baseUrl());
            this.delegate = factory;
        }
        return factory;
    }

    @Override
    public URI expand(String uriTemplate, Map<String, ?> uriVariables) {
        return delegate().expand(uriTemplate, uriVariables);
    }

    @Override
    public URI expand(String uriTemplate, Object... uriVariables) {
        return delegate().expand(uriTemplate, uriVariables);
    }

    @Override
    public UriBuilder uriString(String uriTemplate) {
        return delegate().uriString(uriTemplate);
    }

    @Override
    public UriBuilder builder() {
        return delegate().builder();
    }
}
