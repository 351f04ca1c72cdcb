package dev.resiliency.spring.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.springframework.util.ClassUtils;

import dev.resiliency.spring.config.InvalidResiliencyPropertyException;
import dev.resiliency.spring.config.ResiliencyProperties;

/**
 * The instances of one kind (circuit breakers, bulkheads...), by name, created from {@code resiliency.<kind>.*}.
 *
 * <ul>
 *   <li>Every configured instance is created when the registry is constructed, so that an invalid value fails
 *       start-up with the property path and the rule. The reserved {@code default} entry is validated too, as the
 *       options an unconfigured name would get.</li>
 *   <li>{@link #instance(String)} returns the instance of that name, creating it on first use from its
 *       properties: the named entry, then {@code default}, then the built-in defaults. Annotations and
 *       programmatic callers that use the same name share the same instance, hence the same state.</li>
 *   <li>{@link #find(String)} never creates (the actuator answers 404 for unknown names).</li>
 *   <li>{@link #onCreated(Consumer)} listeners see every instance once, existing and future (metrics bind meters
 *       with it).</li>
 * </ul>
 *
 * <p>Thread-safe. Getting an existing instance is one {@link ConcurrentHashMap#get} without locking.
 *
 * @param <X> the instance type
 * @param <P> the properties type
 */
public abstract class InstanceRegistry<X, P> {

    private final String kind;
    private final Map<String, P> configured;
    private final P defaults;
    private final PropertyPaths<P> paths;
    private final ConcurrentHashMap<String, X> instances = new ConcurrentHashMap<>();
    private final Collection<X> instancesView = Collections.unmodifiableCollection(this.instances.values());

    // Publication of new instances and registration of listeners are serialized on this lock so that every
    // listener sees every instance exactly once, whichever of the two happens first. Both are rare (start-up,
    // first use of a name); the lookup of an existing instance never takes it.
    private final Object publication = new Object();
    private final List<X> published = new ArrayList<>();
    private final List<Consumer<? super X>> listeners = new ArrayList<>();

    /**
     * @param kind       the YAML key of the kind, e.g. {@code circuit-breaker}
     * @param properties the configured instances, {@code default} included (may be empty, never null)
     * @param empty      creates a properties object with nothing set
     */
    protected InstanceRegistry(String kind, Map<String, P> properties, Supplier<P> empty) {
        this.kind = Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(properties, "properties");
        Map<String, P> copy = new LinkedHashMap<>();
        properties.forEach((name, value) -> copy.put(name, value != null ? value : empty.get()));
        P configuredDefaults = copy.remove(ResiliencyProperties.DEFAULT_INSTANCE);
        this.defaults = configuredDefaults != null ? configuredDefaults : empty.get();
        this.configured = Collections.unmodifiableMap(copy);
        this.paths = new PropertyPaths<>(ResiliencyProperties.PREFIX + "." + kind, this.defaults, empty);
    }

    /**
     * Validates the {@code default} entry and creates every configured instance. Called by the subclass's
     * constructor once its own fields are set.
     *
     * @throws InvalidResiliencyPropertyException naming the property path and the rule of the first invalid value
     */
    protected final void createConfiguredInstances() {
        validateDefaults(this.paths.effective(ResiliencyProperties.DEFAULT_INSTANCE, null));
        this.configured.keySet().forEach(this::instance);
    }

    /** The YAML key of this kind, e.g. {@code circuit-breaker}. */
    public String kind() {
        return this.kind;
    }

    /**
     * The instance of that name, created on first use from its properties (named entry, then {@code default},
     * then built-in defaults).
     *
     * @throws InvalidResiliencyPropertyException when the resolved options are invalid or a required one is missing
     */
    public X instance(String name) {
        Objects.requireNonNull(name, "name");
        X existing = this.instances.get(name);
        if (existing != null) {
            return existing;
        }
        boolean[] createdHere = new boolean[1];
        X instance = this.instances.computeIfAbsent(name, n -> {
            createdHere[0] = true;
            return build(n);
        });
        if (createdHere[0]) {
            publish(instance);
        }
        return instance;
    }

    /** The instance of that name if it was created (configured, or used by an annotation or a caller). */
    public Optional<X> find(String name) {
        return Optional.ofNullable(this.instances.get(Objects.requireNonNull(name, "name")));
    }

    /** Every instance created so far (a live, unmodifiable view). */
    public Collection<X> instances() {
        return this.instancesView;
    }

    /** The names of the instances configured under {@code resiliency.<kind>}, {@code default} excluded. */
    public Collection<String> configuredNames() {
        return this.configured.keySet();
    }

    /**
     * Calls {@code listener} for every instance already created, then for every instance created later, once each.
     * The listener runs in the thread that creates the instance; it must not create instances of this registry.
     */
    public void onCreated(Consumer<? super X> listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (this.publication) {
            this.listeners.add(listener);
            for (X instance : this.published) {
                listener.accept(instance);
            }
        }
    }

    /**
     * The effective properties of that name: each option from the named entry, else from {@code default}, else
     * unset (null) meaning the built-in default. A fresh copy.
     */
    public P properties(String name) {
        return this.paths.effective(name, this.configured.get(name));
    }

    /** Whether that name is configured under {@code resiliency.<kind>} ({@code default} excluded). */
    public boolean isConfigured(String name) {
        return this.configured.containsKey(name);
    }

    /**
     * Creates the instance from its effective properties. Throw {@link IllegalArgumentException} with the core
     * builders' message ("optionName must ..."): it is translated into the property path.
     */
    protected abstract X create(String name, P properties);

    /**
     * Validates the {@code default} entry as the options an unconfigured name would get. The default implementation
     * creates a throw-away instance; kinds with required options override it.
     */
    protected void validateDefaults(P effectiveDefaults) {
        build(ResiliencyProperties.DEFAULT_INSTANCE, effectiveDefaults);
    }

    /** An exception naming the full path of an option of that instance (where its value came from) and the rule. */
    protected final InvalidResiliencyPropertyException invalid(String name, String camelCaseOption, String rule) {
        return this.paths.invalid(name, this.configured.get(name), camelCaseOption, rule);
    }

    /** The path of an instance, e.g. {@code resiliency.circuit-breaker.inventory}. */
    protected final String instancePath(String name) {
        return this.paths.instancePath(name);
    }

    /**
     * Resolves a list of exception class names (an option such as {@code retry-exceptions}).
     *
     * @throws InvalidResiliencyPropertyException naming the list element when a class is unknown or not a Throwable
     */
    protected final List<Class<? extends Throwable>> exceptionClasses(String name, String camelCaseOption,
            List<String> classNames, ClassLoader classLoader) {
        if (classNames == null || classNames.isEmpty()) {
            return List.of();
        }
        List<Class<? extends Throwable>> classes = new ArrayList<>(classNames.size());
        for (int i = 0; i < classNames.size(); i++) {
            String className = classNames.get(i) == null ? "" : classNames.get(i).trim();
            Class<?> type;
            try {
                type = ClassUtils.forName(className, classLoader);
            }
            catch (ClassNotFoundException | LinkageError | IllegalArgumentException ex) {
                throw invalid(name, camelCaseOption, "") .withIndex(i, "unknown exception class '" + className + "'", ex);
            }
            if (!Throwable.class.isAssignableFrom(type)) {
                throw invalid(name, camelCaseOption, "").withIndex(i,
                        "'" + className + "' is not an exception class (not a java.lang.Throwable)", null);
            }
            classes.add(type.asSubclass(Throwable.class));
        }
        return List.copyOf(classes);
    }

    /** Applies the customizers of this kind to a builder. */
    protected static <B> B customize(String name, B builder, List<? extends InstanceCustomizer<B>> customizers) {
        for (InstanceCustomizer<B> customizer : customizers) {
            customizer.customize(name, builder);
        }
        return builder;
    }

    private X build(String name) {
        return build(name, properties(name));
    }

    /** Creates an instance, translating a builder's complaint into the property path and rule. */
    protected final X build(String name, P effective) {
        try {
            return create(name, effective);
        }
        catch (IllegalArgumentException ex) {
            throw this.paths.translate(name, this.configured.get(name), ex);
        }
    }

    private void publish(X instance) {
        synchronized (this.publication) {
            this.published.add(instance);
            for (Consumer<? super X> listener : this.listeners) {
                listener.accept(instance);
            }
        }
    }
}
