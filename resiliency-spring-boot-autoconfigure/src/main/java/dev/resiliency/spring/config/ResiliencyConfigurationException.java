package dev.resiliency.spring.config;

/**
 * Invalid resiliency configuration (a property or an annotation), detected at start-up. Its message names where
 * the problem is (the full property path, or the bean, method and attribute) and the rule that was broken;
 * {@link ResiliencyConfigurationFailureAnalyzer} turns it into Spring Boot's start-up failure report.
 */
public abstract class ResiliencyConfigurationException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    protected ResiliencyConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }

    /** What the user should do about it, for the start-up failure report. */
    public abstract String action();
}
