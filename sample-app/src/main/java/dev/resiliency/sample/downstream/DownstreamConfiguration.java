package dev.resiliency.sample.downstream;

import java.net.http.HttpClient;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.client.RestClient;

/**
 * The downstream's HTTP client: the JDK {@link HttpClient} (HTTP/1.1, so every hedge is a request the server sees
 * on its own connection) behind Spring's {@link RestClient}, with {@code sample.downstream.connect-timeout} and
 * {@code read-timeout} (3s, the innermost deadline of the guide's timeout budget).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DownstreamProperties.class)
public class DownstreamConfiguration {

    @Bean
    DownstreamTraffic downstreamTraffic() {
        return new DownstreamTraffic();
    }

    @Bean
    Downstream downstream(RestClient.Builder builder, DownstreamProperties properties, DownstreamTraffic traffic,
            Environment environment) {
        DownstreamBaseUrl baseUrl = new DownstreamBaseUrl(environment, properties.baseUrl());
        HttpClientSettings settings = HttpClientSettings.defaults()
            .withTimeouts(properties.connectTimeout(), properties.readTimeout());
        RestClient restClient = builder.clone()
            .requestFactory(ClientHttpRequestFactoryBuilder.jdk()
                .withHttpClientCustomizer(client -> client.version(HttpClient.Version.HTTP_1_1))
                .build(settings))
            .uriBuilderFactory(baseUrl)
            .requestInterceptor(traffic)
            .build();
        return new Downstream(restClient, baseUrl);
    }
}
