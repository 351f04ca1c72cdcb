package dev.resiliency.spring.config;

import java.util.Locale;

import dev.resiliency.BackendFailureMode;

/**
 * The values of the {@code backend} and {@code on-backend-failure} options of rate limiters and single-flight groups.
 * A backend other than {@code local} is provided by a module on the classpath (resiliency-redis provides
 * {@code redis}) through an {@link dev.resiliency.spring.registry.InstanceCustomizer}; the registry fails start-up
 * when none did.
 */
public final class BackendOptions {

    /** The {@code backend} value of instances that keep their state to themselves, and the default failure mode. */
    public static final String LOCAL = "local";

    private BackendOptions() {
    }

    /** The configured backend, trimmed and lower-cased, {@link #LOCAL} when unset. */
    public static String backend(String value) {
        return value == null || value.isBlank() ? LOCAL : value.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * The failure mode named by {@code value} ({@code local} when unset).
     *
     * @throws IllegalArgumentException naming the option and the accepted values
     */
    public static BackendFailureMode failureMode(String value) {
        String mode = value == null ? LOCAL : value.trim().toLowerCase(Locale.ROOT);
        for (BackendFailureMode candidate : BackendFailureMode.values()) {
            if (candidate.name().toLowerCase(Locale.ROOT).equals(mode)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("onBackendFailure must be one of local, reject, got: " + value);
    }
}
