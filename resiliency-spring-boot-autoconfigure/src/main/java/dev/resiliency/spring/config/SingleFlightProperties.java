package dev.resiliency.spring.config;

/**
 * One single-flight group, {@code resiliency.single-flight.<name>.*}. Declaring it with no option
 * ({@code inventory: {}}) creates a local instance at start-up. Options left unset are inherited from the
 * {@code default} instance.
 */
public class SingleFlightProperties {

    /** Built-in {@code backend}: flights are deduplicated within this instance. */
    public static final String DEFAULT_BACKEND = BackendOptions.LOCAL;

    /** Built-in {@code on-backend-failure}: run flights locally while the backend is unreachable. */
    public static final String DEFAULT_ON_BACKEND_FAILURE = BackendOptions.LOCAL;

    /**
     * Where flights are coordinated: "local" (within this instance) or "redis" (one call per key across every
     * instance on the same Redis; needs resiliency-redis and Spring Data Redis). Default: local.
     */
    private String backend;

    /**
     * What calls do while the backend is unreachable: "local" (deduplicate within this instance only) or "reject"
     * (calls fail with BackendUnavailableException). Default: local.
     */
    private String onBackendFailure;

    public String getBackend() {
        return this.backend;
    }

    public void setBackend(String backend) {
        this.backend = backend;
    }

    public String getOnBackendFailure() {
        return this.onBackendFailure;
    }

    public void setOnBackendFailure(String onBackendFailure) {
        this.onBackendFailure = onBackendFailure;
    }
}
