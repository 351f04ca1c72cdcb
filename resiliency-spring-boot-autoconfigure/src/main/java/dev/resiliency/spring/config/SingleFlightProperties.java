package dev.resiliency.spring.config;

/**
 * One single-flight group, {@code resiliency.single-flight.<name>}. A single-flight group has no option: declaring
 * it ({@code inventory: {}}) only creates the instance at start-up.
 */
public class SingleFlightProperties {
}
