package dev.resiliency.sample.downstream;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the downstream is and how long one HTTP request may take ({@code sample.downstream.*}).
 *
 * @param baseUrl        the downstream's base URL; empty (the default) means the simulated downstream this
 *                       application serves itself under {@code /simulated} on its own port
 * @param connectTimeout time allowed to open a connection. Default: 1s
 * @param readTimeout    time allowed for the response of one request: the innermost deadline of the guide's
 *                       timeout budget table (HTTP 3s &lt; hedged 4s &lt; retry budget 8s &lt; semaphore 10s).
 *                       Default: 3s
 */
@ConfigurationProperties("sample.downstream")
public record DownstreamProperties(@DefaultValue("") String baseUrl, @DefaultValue("1s") Duration connectTimeout,
        @DefaultValue("3s") Duration readTimeout) {
}
