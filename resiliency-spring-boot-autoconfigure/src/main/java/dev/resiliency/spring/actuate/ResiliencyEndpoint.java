package dev.resiliency.spring.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import dev.resiliency.circuitbreaker.CircuitBreaker;
import dev.resiliency.singleflight.SingleFlight;
import dev.resiliency.spring.registry.CircuitBreakerRegistry;
import dev.resiliency.spring.registry.SingleFlightRegistry;

/**
 * The {@code resiliency} actuator endpoint: every instance of every kind with its stats, one instance, its recent
 * events, and operator actions on circuit breakers and single flights.
 *
 * <ul>
 *   <li>{@code GET /actuator/resiliency}: every instance, by kind (YAML key) and name.</li>
 *   <li>{@code GET /actuator/resiliency/{kind}/{name}}: one instance's stats.</li>
 *   <li>{@code GET /actuator/resiliency/{kind}/{name}/events}: its recent events (kept only when
 *       {@code resiliency.events.buffer-size} is above 0).</li>
 *   <li>{@code POST /actuator/resiliency/circuit-breaker/{name}} with {@code {"action": "force-open"}},
 *       {@code force-close} or {@code reset}; {@code POST /actuator/resiliency/single-flight/{name}} with
 *       {@code {"action": "forget", "key": "..."}}.</li>
 * </ul>
 *
 * <p>Unknown kinds and names answer 404; reading never creates an instance. Access is read-only by default: the
 * write operations exist only with {@code management.endpoint.resiliency.access=unrestricted}.
 */
@Endpoint(id = "resiliency", defaultAccess = Access.READ_ONLY)
public class ResiliencyEndpoint {

    static final String EVENTS = "events";

    private final ResiliencyKinds kinds;
    private final ResiliencyEventBuffers eventBuffers;

    public ResiliencyEndpoint(ResiliencyKinds kinds, ResiliencyEventBuffers eventBuffers) {
        this.kinds = kinds;
        this.eventBuffers = eventBuffers;
    }

    /** Every instance of every kind with its stats. */
    @ReadOperation
    public InstancesDescriptor instances() {
        Map<String, Map<String, Map<String, Object>>> all = new LinkedHashMap<>();
        for (ResiliencyKind<?> kind : this.kinds.all()) {
            all.put(kind.key(), describeAll(kind));
        }
        return new InstancesDescriptor(all);
    }

    /** One instance with its stats, or null (404) for an unknown kind or name. */
    @ReadOperation
    public @Nullable InstanceDescriptor instance(@Selector String kind, @Selector String name) {
        return this.kinds.find(kind).flatMap(k -> describe(k, name)).orElse(null);
    }

    /** The recent events of one instance, or null (404) for an unknown kind, name or sub-path. */
    @ReadOperation
    public @Nullable EventsDescriptor events(@Selector String kind, @Selector String name, @Selector String events) {
        if (!EVENTS.equals(events) || instance(kind, name) == null) {
            return null;
        }
        List<RecentEvents.EventDescriptor> recent = this.eventBuffers.events(kind, name).orElse(List.of());
        return new EventsDescriptor(kind, name, this.eventBuffers.bufferSize(), recent);
    }

    /**
     * An operator action: {@code force-open}, {@code force-close} or {@code reset} on a circuit breaker,
     * {@code forget} (with {@code key}) on a single flight.
     *
     * @return the instance after the action, or null for an unknown kind or name
     * @throws InvalidEndpointRequestException for an unknown action or a missing key
     */
    @WriteOperation
    public @Nullable InstanceDescriptor act(@Selector String kind, @Selector String name, String action,
            @Nullable String key) {
        ActionResult result = perform(kind, name, action, key);
        if (result.status() == ActionResult.Status.BAD_REQUEST) {
            throw new InvalidEndpointRequestException(result.message(), result.message());
        }
        return result.instance();
    }

    /** Performs an action, telling apart done, not found and bad request (the web extension maps them to HTTP). */
    ActionResult perform(String kind, String name, @Nullable String action, @Nullable String key) {
        Optional<ResiliencyKind<?>> found = this.kinds.find(kind);
        if (found.isEmpty()) {
            return ActionResult.notFound("No resiliency kind '" + kind + "'");
        }
        Optional<?> instance = found.get().find(name);
        if (instance.isEmpty()) {
            return ActionResult.notFound("No " + kind + " named '" + name + "'");
        }
        String problem = action == null ? "The request body needs an 'action'"
                : apply(kind, instance.get(), action, key);
        if (problem != null) {
            return ActionResult.badRequest(problem);
        }
        return ActionResult.done(instance(kind, name));
    }

    /** Applies the action; returns what is wrong with the request, or null when it was applied. */
    private static @Nullable String apply(String kind, Object instance, String action, @Nullable String key) {
        if (instance instanceof CircuitBreaker breaker) {
            if ("force-open".equals(action)) {
                breaker.forceOpen();
                return null;
            }
            if ("force-close".equals(action)) {
                breaker.forceClose();
                return null;
            }
            if ("reset".equals(action)) {
                breaker.reset();
                return null;
            }
            return "Unknown action '" + action + "' for " + CircuitBreakerRegistry.KIND
                    + ": use force-open, force-close or reset";
        }
        if (instance instanceof SingleFlight flight) {
            if (!"forget".equals(action)) {
                return "Unknown action '" + action + "' for " + SingleFlightRegistry.KIND + ": use forget";
            }
            if (key == null) {
                return "The forget action needs a 'key'";
            }
            flight.forget(key);
            return null;
        }
        return "No action for " + kind + ": only " + CircuitBreakerRegistry.KIND + " and " + SingleFlightRegistry.KIND
                + " instances have actions";
    }

    private static <X> Map<String, Map<String, Object>> describeAll(ResiliencyKind<X> kind) {
        Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
        kind.registry().instances().stream()
                .sorted((a, b) -> kind.name(a).compareTo(kind.name(b)))
                .forEach(instance -> byName.put(kind.name(instance), kind.stats(instance)));
        return byName;
    }

    private static <X> Optional<InstanceDescriptor> describe(ResiliencyKind<X> kind, String name) {
        return kind.find(name).map(instance -> new InstanceDescriptor(kind.key(), name, kind.stats(instance)));
    }

    /**
     * Every instance: kind (YAML key) → name → stats.
     *
     * @param instances the instances by kind and name
     */
    public record InstancesDescriptor(Map<String, Map<String, Map<String, Object>>> instances)
            implements OperationResponseBody {
    }

    /**
     * One instance.
     *
     * @param kind  its kind (YAML key)
     * @param name  its name
     * @param stats its stats, field by field of the core's stats record
     */
    public record InstanceDescriptor(String kind, String name, Map<String, Object> stats)
            implements OperationResponseBody {
    }

    /**
     * The recent events of one instance.
     *
     * @param kind       its kind (YAML key)
     * @param name       its name
     * @param bufferSize events kept per instance ({@code resiliency.events.buffer-size}; 0 = not recorded)
     * @param events     the events, oldest first
     */
    public record EventsDescriptor(String kind, String name, int bufferSize,
            List<RecentEvents.EventDescriptor> events) implements OperationResponseBody {
    }

    /** The outcome of a write operation. */
    record ActionResult(Status status, @Nullable InstanceDescriptor instance, @Nullable String message) {

        enum Status { DONE, NOT_FOUND, BAD_REQUEST }

        static ActionResult done(@Nullable InstanceDescriptor instance) {
            return new ActionResult(Status.DONE, instance, null);
        }

        static ActionResult notFound(String message) {
            return new ActionResult(Status.NOT_FOUND, null, message);
        }

        static ActionResult badRequest(String message) {
            return new ActionResult(Status.BAD_REQUEST, null, message);
        }
    }
}
