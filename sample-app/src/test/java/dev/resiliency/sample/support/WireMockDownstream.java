package dev.resiliency.sample.support;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * One WireMock server for the whole test JVM, standing in for the downstream: started on first use on a free
 * port, with enough threads for fifty concurrent callers and asynchronous delayed responses (a slow stub holds no
 * server thread).
 *
 * <p>Every response closes its connection. The JDK HTTP client silently re-sends an idempotent request once when
 * a <em>pooled</em> keep-alive connection fails before the first byte (a stale connection), which would add an
 * invisible request to every injected connection reset and blur the counts the tests assert; with a fresh
 * connection per request, each request WireMock sees is one the resilience layers made.
 */
public final class WireMockDownstream {

    private static WireMockServer server;

    private WireMockDownstream() {
    }

    public static synchronized WireMockServer server() {
        if (server == null) {
            server = new WireMockServer(options().dynamicPort()
                .containerThreads(120)
                .asynchronousResponseEnabled(true)
                .asynchronousResponseThreads(60)
                .extensions(new CloseConnections()));
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "wiremock-stop"));
        }
        return server;
    }

    /** Requests received that match {@code pattern}. */
    public static int count(RequestPatternBuilder pattern) {
        return server().countRequestsMatching(pattern.build()).getCount();
    }

    /** Adds {@code Connection: close} to every response. */
    private static final class CloseConnections implements ResponseTransformerV2 {

        @Override
        public Response transform(Response response, ServeEvent serveEvent) {
            return Response.Builder.like(response)
                .but()
                .headers(response.getHeaders().plus(new HttpHeader("Connection", "close")))
                .build();
        }

        @Override
        public String getName() {
            return "close-connections";
        }
    }
}
