package dev.resiliency.spring.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports invalid resiliency configuration as a clean start-up failure instead of a stack trace. */
class ResiliencyConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<ResiliencyConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ResiliencyConfigurationException cause) {
        return new FailureAnalysis("Invalid resiliency configuration: " + cause.getMessage(), cause.action(), cause);
    }
}
