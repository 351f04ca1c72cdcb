package dev.resiliency.spring.config;

import org.springframework.boot.diagnostics.FailureAnalysis;

/** Exposes the package-private failure analyzer to tests in other packages. */
public final class TestFailureAnalyzer {

    private final ResiliencyConfigurationFailureAnalyzer analyzer = new ResiliencyConfigurationFailureAnalyzer();

    public FailureAnalysis analyze(Throwable failure) {
        return this.analyzer.analyze(failure);
    }
}
