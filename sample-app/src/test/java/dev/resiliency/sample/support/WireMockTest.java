package dev.resiliency.sample.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the client tests against a real HTTP downstream (WireMock) with injected faults. Every test class gets
 * a fresh application context ({@link DirtiesContext}), hence fresh resilience instances: a circuit breaker opened
 * or hedging tokens spent in one class cannot change the request counts of another.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@DirtiesContext
public abstract class WireMockTest {

    protected static final WireMockServer wiremock = WireMockDownstream.server();

    @DynamicPropertySource
    static void downstream(DynamicPropertyRegistry registry) {
        registry.add("sample.downstream.base-url", wiremock::baseUrl);
    }

    @BeforeEach
    void resetWireMock() {
        wiremock.resetAll();
    }
}
