package dev.resiliency.spring.config;

import java.time.Duration;
import java.util.List;

/**
 * One hedged-request policy, {@code resiliency.hedged.<name>.*}. Adaptive unless {@code delay} is set: the hedge
 * delay then follows a percentile of recent latencies and a token bucket throttles hedging. Every option left
 * unset is inherited from the {@code default} instance, then takes the built-in default stated by the
 * {@code DEFAULT_*} constant beside it.
 */
public class HedgedProperties {

    /** Built-in {@code max-requests}. */
    public static final int DEFAULT_MAX_REQUESTS = 2;
    /** Built-in {@code timeout}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** Built-in {@code percentile}. */
    public static final double DEFAULT_PERCENTILE = 95.0;
    /** Built-in {@code buffer-size}. */
    public static final int DEFAULT_BUFFER_SIZE = 1000;
    /** Built-in {@code min-delay}. */
    public static final Duration DEFAULT_MIN_DELAY = Duration.ofMillis(1);
    /** Built-in {@code max-delay}. */
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(5);
    /** Built-in {@code initial-delay}. */
    public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofMillis(100);
    /** Built-in {@code min-samples}. */
    public static final int DEFAULT_MIN_SAMPLES = 10;
    /** Built-in {@code token-max}. */
    public static final double DEFAULT_TOKEN_MAX = 10.0;
    /** Built-in {@code token-success-credit}. */
    public static final double DEFAULT_TOKEN_SUCCESS_CREDIT = 0.1;
    /** Built-in {@code token-hedge-cost}. */
    public static final double DEFAULT_TOKEN_HEDGE_COST = 1.0;
    /** Built-in {@code token-threshold}. */
    public static final double DEFAULT_TOKEN_THRESHOLD = 1.0;
    /** Built-in {@code primary-on-caller-thread}. */
    public static final boolean DEFAULT_PRIMARY_ON_CALLER_THREAD = false;

    /**
     * A fixed hedge delay; setting it switches the policy from adaptive to fixed (0 fires every copy at once).
     * Default: none (adaptive).
     */
    private Duration delay;

    /** Total copies of a request, the original included (1 disables hedging). Default: 2. */
    private Integer maxRequests;

    /** Overall deadline of a hedged call; every copy is then cancelled. Default: 5s. */
    private Duration timeout;

    /** Latency percentile (0 to 100) used as the adaptive hedge delay. Default: 95. */
    private Double percentile;

    /** Number of recent latencies the adaptive delay is computed from. Default: 1000. */
    private Integer bufferSize;

    /** Lower bound of the adaptive delay. Default: 1ms. */
    private Duration minDelay;

    /** Upper bound of the adaptive delay; must not be below min-delay. Default: 5s. */
    private Duration maxDelay;

    /** Adaptive delay used until min-samples latencies were recorded (not clamped). Default: 100ms. */
    private Duration initialDelay;

    /** Latencies needed before the percentile replaces initial-delay. Default: 10. */
    private Integer minSamples;

    /** Capacity of the hedging token bucket (adaptive). Default: 10. */
    private Double tokenMax;

    /** Tokens earned by every completed request (adaptive). Default: 0.1. */
    private Double tokenSuccessCredit;

    /** Tokens spent by every hedge (adaptive). Default: 1.0. */
    private Double tokenHedgeCost;

    /** Tokens needed to hedge at all (adaptive). Default: 1.0. */
    private Double tokenThreshold;

    /**
     * Exception classes (and their subclasses) after which the next copy fires at once instead of waiting for the
     * delay. Default: empty.
     */
    private List<String> nonFatalExceptions;

    /**
     * Runs the first copy of a blocking call on the calling thread instead of the executor, so a call whose hedge
     * never fires costs no thread hand-off. Only for calls that stop when interrupted (the JDK HttpClient does;
     * HttpURLConnection and most JDBC drivers do not): a losing first copy is cancelled by interrupting the caller's
     * thread. No effect on CompletionStage methods. Default: false.
     */
    private Boolean primaryOnCallerThread;

    public Duration getDelay() {
        return this.delay;
    }

    public void setDelay(Duration delay) {
        this.delay = delay;
    }

    public Integer getMaxRequests() {
        return this.maxRequests;
    }

    public void setMaxRequests(Integer maxRequests) {
        this.maxRequests = maxRequests;
    }

    public Duration getTimeout() {
        return this.timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    public Double getPercentile() {
        return this.percentile;
    }

    public void setPercentile(Double percentile) {
        this.percentile = percentile;
    }

    public Integer getBufferSize() {
        return this.bufferSize;
    }

    public void setBufferSize(Integer bufferSize) {
        this.bufferSize = bufferSize;
    }

    public Duration getMinDelay() {
        return this.minDelay;
    }

    public void setMinDelay(Duration minDelay) {
        this.minDelay = minDelay;
    }

    public Duration getMaxDelay() {
        return this.maxDelay;
    }

    public void setMaxDelay(Duration maxDelay) {
        this.maxDelay = maxDelay;
    }

    public Duration getInitialDelay() {
        return this.initialDelay;
    }

    public void setInitialDelay(Duration initialDelay) {
        this.initialDelay = initialDelay;
    }

    public Integer getMinSamples() {
        return this.minSamples;
    }

    public void setMinSamples(Integer minSamples) {
        this.minSamples = minSamples;
    }

    public Double getTokenMax() {
        return this.tokenMax;
    }

    public void setTokenMax(Double tokenMax) {
        this.tokenMax = tokenMax;
    }

    public Double getTokenSuccessCredit() {
        return this.tokenSuccessCredit;
    }

    public void setTokenSuccessCredit(Double tokenSuccessCredit) {
        this.tokenSuccessCredit = tokenSuccessCredit;
    }

    public Double getTokenHedgeCost() {
        return this.tokenHedgeCost;
    }

    public void setTokenHedgeCost(Double tokenHedgeCost) {
        this.tokenHedgeCost = tokenHedgeCost;
    }

    public Double getTokenThreshold() {
        return this.tokenThreshold;
    }

    public void setTokenThreshold(Double tokenThreshold) {
        this.tokenThreshold = tokenThreshold;
    }

    public List<String> getNonFatalExceptions() {
        return this.nonFatalExceptions;
    }

    public void setNonFatalExceptions(List<String> nonFatalExceptions) {
        this.nonFatalExceptions = nonFatalExceptions;
    }

    public Boolean getPrimaryOnCallerThread() {
        return this.primaryOnCallerThread;
    }

    public void setPrimaryOnCallerThread(Boolean primaryOnCallerThread) {
        this.primaryOnCallerThread = primaryOnCallerThread;
    }
}
