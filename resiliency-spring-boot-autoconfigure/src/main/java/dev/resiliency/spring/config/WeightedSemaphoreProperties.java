package dev.resiliency.spring.config;

/**
 * One weighted semaphore, {@code resiliency.weighted-semaphore.<name>.*}. Options left unset are inherited from
 * the {@code default} instance.
 *
 * <p>The core engine requires {@code max}; the starter defaults it to {@value #DEFAULT_MAX} so that an annotation
 * naming an unconfigured semaphore still gets a limit.
 */
public class WeightedSemaphoreProperties {

    /** Starter default of {@code max} (the core engine has none). */
    public static final int DEFAULT_MAX = 10;
    /** Built-in {@code health-affects-status}. */
    public static final boolean DEFAULT_HEALTH_AFFECTS_STATUS = false;

    /** Total weight the calls holding permits may add up to (at least 1). Default: 10. */
    private Integer max;

    /** Whether an exhausted semaphore turns the application's health DOWN. Default: false (details only). */
    private Boolean healthAffectsStatus;

    public Integer getMax() {
        return this.max;
    }

    public void setMax(Integer max) {
        this.max = max;
    }

    public Boolean getHealthAffectsStatus() {
        return this.healthAffectsStatus;
    }

    public void setHealthAffectsStatus(Boolean healthAffectsStatus) {
        this.healthAffectsStatus = healthAffectsStatus;
    }
}
