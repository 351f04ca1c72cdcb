package dev.resiliency.spring.registry;

/**
 * Adjusts the builder of an instance after the properties were applied and before it is built: for what YAML
 * cannot express (a result predicate, a state listener, a test clock). Declare a bean of, for example,
 * {@code InstanceCustomizer<CircuitBreaker.Builder>}; it is called for every instance of that kind the registry
 * creates.
 *
 * <pre>{@code
 * @Bean
 * InstanceCustomizer<CircuitBreaker.Builder> logTransitions() {
 *     return (name, builder) -> builder.onStateChange((n, from, to) -> log.info("{}: {} -> {}", n, from, to));
 * }
 * }</pre>
 *
 * @param <B> the builder type of the kind, e.g. {@code CircuitBreaker.Builder}
 */
@FunctionalInterface
public interface InstanceCustomizer<B> {

    /**
     * @param name    the name of the instance being created
     * @param builder its builder, with the configured options already applied
     */
    void customize(String name, B builder);
}
