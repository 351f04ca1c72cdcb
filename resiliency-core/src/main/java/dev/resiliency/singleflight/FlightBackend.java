package dev.resiliency.singleflight;

/**
 * Where a {@link SingleFlight} coordinates its flights when several processes must share them (one downstream call
 * per key for a whole cluster): set with {@link SingleFlight.Builder#backend(FlightBackend)}. Without a backend,
 * flights are local to the instance, which is the default.
 *
 * <p>Local deduplication always comes first: concurrent callers of one key in one process form one local flight,
 * and only its leader goes to the backend, through {@link SharedFlights}. Implementations live outside the core
 * (for example {@code resiliency-redis}); the core depends on none of them.
 */
@FunctionalInterface
public interface FlightBackend {

    /**
     * The shared flights of every single flight of that name on this backend. Called once per single flight, by
     * {@link SingleFlight.Builder#build()}.
     */
    SharedFlights flights(String name);
}
