package dev.resiliency.sample.support;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;

/**
 * One WireMock server for the whole test JVM, standing in for the downstream: started on first use on a free
 * port, with enough threads for fifty concurrent callers and asynchronous delayed responses (a slow stub holds no
 * server thread).
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
                .asynchronousResponseThreads(60));
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "wiremock-stop"));
        }
        return server;
    }

    /** Requests received that match {@code pattern}. */
    public static int count(RequestPatternBuilder pattern) {
        return server().countRequestsMatching(pattern.build()).getCount();
    }
}
