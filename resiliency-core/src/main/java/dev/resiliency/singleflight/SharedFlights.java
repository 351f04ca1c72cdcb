package dev.resiliency.singleflight;

import dev.resiliency.BackendUnavailableException;
import dev.resiliency.ResiliencyTimeoutException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The flights of one {@link SingleFlight} name, coordinated by a {@link FlightBackend} across processes. Only the
 * leader of a local flight calls it, so the backend sees at most one caller per key per process at a time.
 *
 * <p>{@link #execute} either runs the callable here, in the calling thread (this process won the key), and returns
 * its outcome unchanged, or waits for the outcome of the run elsewhere: the value, or a
 * {@link RemoteFlightException} for a remote failure. Contract shared by both methods:
 * <ul>
 *   <li>{@link BackendUnavailableException} means the backend could not coordinate this call and the callable has
 *       not run here: the single flight applies its {@link dev.resiliency.BackendFailureMode} (runs it locally, or
 *       rejects). It is never thrown once the callable has run here; a failure to publish that outcome is the
 *       backend's to log.</li>
 *   <li>Every wait for another process has a deadline: past it, {@link ResiliencyTimeoutException}.</li>
 * </ul>
 */
public interface SharedFlights {

    /**
     * Whether the backend is believed reachable. Must be cheap (no I/O). While false, the single flight does not
     * call {@link #execute}. Default: always.
     */
    default boolean isAvailable() {
        return true;
    }

    /**
     * Runs {@code callable} in this thread if this process wins {@code key}, else waits for the process that did.
     *
     * @throws Exception what the callable threw here (unchanged), {@link RemoteFlightException},
     *                   {@link ResiliencyTimeoutException}, or {@link BackendUnavailableException}
     */
    <T> T execute(Object key, Callable<T> callable) throws Exception;

    /**
     * {@link #execute} without blocking the caller: the supplier is started if this process wins {@code key}, and
     * the future completes with its outcome or with the remote one. Failures arrive as the future's cause.
     */
    <T> CompletableFuture<T> executeAsync(Object key, Supplier<? extends CompletionStage<T>> supplier);
}
