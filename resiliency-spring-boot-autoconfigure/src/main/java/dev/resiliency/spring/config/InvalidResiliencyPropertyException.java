package dev.resiliency.spring.config;

/**
 * A {@code resiliency.*} property has an invalid value, e.g.
 * {@code resiliency.circuit-breaker.inventory.failure-rate-threshold: must be between 0.0 and 1.0, got: 1.5}.
 */
public class InvalidResiliencyPropertyException extends ResiliencyConfigurationException {

    private static final long serialVersionUID = 1L;

    private final String propertyPath;
    private final String rule;

    /**
     * @param propertyPath the full path of the offending property, e.g. {@code resiliency.retry.search.max-attempts}
     * @param rule         the broken rule, e.g. {@code must be >= 1, got: 0}
     */
    public InvalidResiliencyPropertyException(String propertyPath, String rule) {
        this(propertyPath, rule, null);
    }

    public InvalidResiliencyPropertyException(String propertyPath, String rule, Throwable cause) {
        super(propertyPath + ": " + rule, cause);
        this.propertyPath = propertyPath;
        this.rule = rule;
    }

    /**
     * The same problem located on one element of a list-valued property, e.g.
     * {@code resiliency.retry.search.retry-exceptions[0]: unknown exception class 'java.io.IOExceptio'}.
     */
    public InvalidResiliencyPropertyException withIndex(int index, String rule, Throwable cause) {
        return new InvalidResiliencyPropertyException(this.propertyPath + "[" + index + "]", rule, cause);
    }

    /** The full path of the offending property. */
    public String propertyPath() {
        return this.propertyPath;
    }

    /** The broken rule. */
    public String rule() {
        return this.rule;
    }

    @Override
    public String action() {
        return "Fix the value of '" + this.propertyPath + "' in your configuration (application.yml or properties).";
    }
}
