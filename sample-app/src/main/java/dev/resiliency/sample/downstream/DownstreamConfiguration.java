package dev.resiliency.sample.downstream;

import java.net.http.HttpClient;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.client.RestClient;

/**
 * The downstream's HTTP client: the JDK {@link HttpClient} (HTTP/1.1, so every hedge is a request the server sees
 * on its own connection) behind Spring's {@link RestClient}, with {@code sample.downstream.connect-timeout} and
 * {@code read-timeout} (3s, the innermost deadline of the guide's timeout budget).
 *
 * <p>Why the JDK client: when a hedged copy loses, the resilience layer interrupts its thread, and Spring's JDK
 * request cancels the exchange on interrupt, so the loser's connection is released at once (a blocking socket read
 * would hold it until its response or timeout).
 *
 * <p>The resilience layers own every retry, so the transport must not retry behind their back: the JDK client
 * re-sends an idempotent request once when the connection dies before the first response byte, which would turn a
 * request the guide does not retry (inventory on a lost connection) into two, and three retried attempts into six.
 * {@link #disableTransportRetries()} sets {@code jdk.httpclient.redirects.retrylimit=1} (one exchange per request,
 * no transport retry, no redirect) unless the JVM was started with another value. What that retry was for, a
 * pooled connection the server closed while idle, is avoided instead by closing idle connections first:
 * {@code jdk.httpclient.keepalive.timeout=15} seconds, below the usual server keep-alive timeouts. Both are
 * JVM-wide settings, read once when the JDK client first sends a request.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DownstreamProperties.class)
public class DownstreamConfiguration {

    private static final String JDK_RETRY_LIMIT = "jdk.httpclient.redirects.retrylimit";
    private static final String JDK_KEEPALIVE = "jdk.httpclient.keepalive.timeout";

    @Bean
    DownstreamTraffic downstreamTraffic() {
        return new DownstreamTraffic();
    }

    @Bean
    Downstream downstream(RestClient.Builder builder, DownstreamProperties properties, DownstreamTraffic traffic,
            Environment environment) {
        disableTransportRetries();
        DownstreamBaseUrl baseUrl = new DownstreamBaseUrl(environment, properties.baseUrl());
        HttpClientSettings settings = HttpClientSettings.defaults()
            .withTimeouts(properties.connectTimeout(), properties.readTimeout())
            .withRedirects(HttpRedirects.DONT_FOLLOW);
        RestClient restClient = builder.clone()
            .requestFactory(ClientHttpRequestFactoryBuilder.jdk()
                .withHttpClientCustomizer(client -> client.version(HttpClient.Version.HTTP_1_1))
                .build(settings))
            .uriBuilderFactory(baseUrl)
            .requestInterceptor(traffic)
            .build();
        return new Downstream(restClient, baseUrl);
    }

    /** No transport-level re-send: see the class documentation. */
    static void disableTransportRetries() {
        if (System.getProperty(JDK_RETRY_LIMIT) == null) {
            System.setProperty(JDK_RETRY_LIMIT, "1");
        }
        if (System.getProperty(JDK_KEEPALIVE) == null) {
            System.setProperty(JDK_KEEPALIVE, "15");
        }
    }
}
