package dev.resiliency.spring.config;

import java.beans.PropertyDescriptor;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.beans.BeanUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Fails start-up on an option that no instance kind has, e.g. {@code resiliency.circuit-breaker.inventory
 * .failure-rate-treshold}. Spring Boot ignores unknown keys by default, so a misspelled option would silently leave
 * the built-in default in force: the worst kind of misconfiguration for a resilience setting, found only in the
 * outage it was meant to contain.
 *
 * <p>Only the options of instances of the seven kinds ({@code resiliency.<kind>.<name>.<option>}) are checked, so
 * that other {@code resiliency.*} keys (such as {@code resiliency.events.*}) stay free for other configuration.
 * Environment variables are not checked: their names map to properties ambiguously (Spring Boot's own unknown-key
 * check skips them too). It runs before any bean is created, from the {@link Environment} alone.
 */
final class ResiliencyPropertyNamesValidator implements BeanFactoryPostProcessor, EnvironmentAware {

    private static final ConfigurationPropertyName PREFIX = ConfigurationPropertyName.of(ResiliencyProperties.PREFIX);

    /** Per kind (its uniform name, without dashes): the kind's key and its options (uniform name → kebab-case). */
    private static final Map<String, Kind> KINDS = new LinkedHashMap<>();

    static {
        kind("circuit-breaker", "circuit breaker", CircuitBreakerProperties.class);
        kind("retry", "retry", RetryProperties.class);
        kind("hedged", "hedged policy", HedgedProperties.class);
        kind("single-flight", "single-flight group", SingleFlightProperties.class);
        kind("bulkhead", "bulkhead", BulkheadProperties.class);
        kind("weighted-semaphore", "weighted semaphore", WeightedSemaphoreProperties.class);
        kind("rate-limiter", "rate limiter", RateLimiterProperties.class);
    }

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) throws BeansException {
        check(this.environment);
    }

    /**
     * @throws InvalidResiliencyPropertyException naming the first unknown option and the options of its kind
     */
    static void check(Environment environment) {
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (source instanceof IterableConfigurationPropertySource iterable
                    && !(source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource)) {
                iterable.filter(PREFIX::isAncestorOf).forEach(ResiliencyPropertyNamesValidator::check);
            }
        }
    }

    private static void check(ConfigurationPropertyName name) {
        // resiliency . <kind> . <instance> . <option> [ . <list index> ]
        if (name.getNumberOfElements() < 4) {
            return;
        }
        Kind kind = KINDS.get(name.getElement(1, Form.UNIFORM));
        if (kind == null) {
            return; // not an instance kind: another configuration's key
        }
        String option = name.getElement(3, Form.UNIFORM);
        Option known = kind.options.get(option);
        if (known == null) {
            throw new InvalidResiliencyPropertyException(name.toString(), "unknown option of a " + kind.description
                    + suggestion(name.getElement(3, Form.DASHED), kind.options.values()) + known(kind));
        }
        if (name.getNumberOfElements() > 4 && !(known.list && name.getNumberOfElements() == 5 && name.isNumericIndex(4))) {
            throw new InvalidResiliencyPropertyException(name.toString(), "'" + known.name + "' takes "
                    + (known.list ? "a list of values" : "a single value") + ", not " + name.getElement(4, Form.ORIGINAL));
        }
    }

    private static String known(Kind kind) {
        if (kind.options.isEmpty()) {
            return " (a " + kind.description + " has no option: declare it with {} )";
        }
        StringBuilder names = new StringBuilder();
        for (Option option : kind.options.values()) {
            names.append(names.length() > 0 ? ", " : "").append(option.name);
        }
        return "; its options are: " + names;
    }

    /** A close known option (a typo or a missing letter), or nothing. */
    private static String suggestion(String unknown, Collection<Option> options) {
        Option best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Option option : options) {
            int distance = distance(unknown.toLowerCase(Locale.ROOT), option.name);
            if (distance < bestDistance) {
                best = option;
                bestDistance = distance;
            }
        }
        return best != null && bestDistance <= 3 ? " (did you mean '" + best.name + "'?)" : "";
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static void kind(String key, String description, Class<?> propertiesType) {
        Map<String, Option> options = new LinkedHashMap<>();
        for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(propertiesType)) {
            if (descriptor.getReadMethod() != null && descriptor.getWriteMethod() != null) {
                String kebab = kebabCase(descriptor.getName());
                options.put(kebab.replace("-", ""), new Option(kebab,
                        Collection.class.isAssignableFrom(descriptor.getPropertyType())));
            }
        }
        KINDS.put(ConfigurationPropertyName.of(key).getElement(0, Form.UNIFORM), new Kind(description, options));
    }

    private static String kebabCase(String camelCase) {
        StringBuilder kebab = new StringBuilder();
        for (char c : camelCase.toCharArray()) {
            if (Character.isUpperCase(c)) {
                kebab.append('-').append(Character.toLowerCase(c));
            }
            else {
                kebab.append(c);
            }
        }
        return kebab.toString();
    }

    private record Kind(String description, Map<String, Option> options) {
    }

    private record Option(String name, boolean list) {
    }
}
