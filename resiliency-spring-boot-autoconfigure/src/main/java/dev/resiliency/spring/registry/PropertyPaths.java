package dev.resiliency.spring.registry;

import java.beans.PropertyDescriptor;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.beans.BeanUtils;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.PropertyAccessorFactory;

import dev.resiliency.spring.config.InvalidResiliencyPropertyException;
import dev.resiliency.spring.config.ResiliencyProperties;

/**
 * Inheritance from {@code default} and the property paths of error messages, for one kind. Works on the properties
 * bean generically, so that no option can be forgotten; used only when an instance is created, never per call.
 */
public final class PropertyPaths<P> {

    private static final Pattern ISO_DURATION = Pattern.compile("-?PT[-0-9.HMS]+");

    private static final Pattern CAMEL_WORD = Pattern.compile("\\b[a-z]+(?:[A-Z][a-z0-9]*)+\\b");

    private final String prefix;
    private final P defaults;
    private final Supplier<P> empty;
    private final List<PropertyDescriptor> properties = new ArrayList<>();

    PropertyPaths(String prefix, P defaults, Supplier<P> empty) {
        this.prefix = prefix;
        this.defaults = defaults;
        this.empty = empty;
        for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(defaults.getClass())) {
            if (descriptor.getReadMethod() != null && descriptor.getWriteMethod() != null) {
                this.properties.add(descriptor);
            }
        }
    }

    /** A new properties object: every option from {@code named} when set there, else from {@code default}. */
    P effective(String name, P named) {
        P effective = this.empty.get();
        BeanWrapper target = PropertyAccessorFactory.forBeanPropertyAccess(effective);
        BeanWrapper parent = PropertyAccessorFactory.forBeanPropertyAccess(this.defaults);
        BeanWrapper child = named != null ? PropertyAccessorFactory.forBeanPropertyAccess(named) : null;
        for (PropertyDescriptor property : this.properties) {
            Object value = child != null ? child.getPropertyValue(property.getName()) : null;
            if (value == null) {
                value = parent.getPropertyValue(property.getName());
            }
            target.setPropertyValue(property.getName(), value);
        }
        return effective;
    }

    /**
     * The full path of an option of an instance, naming the entry the value came from: the named entry when it
     * sets the option, else {@code default} when that does, else the named entry (a built-in default).
     */
    public String path(String name, P named, String camelCaseProperty) {
        String origin = name;
        if (!isSet(named, camelCaseProperty) && isSet(this.defaults, camelCaseProperty)) {
            origin = ResiliencyProperties.DEFAULT_INSTANCE;
        }
        return instancePath(origin) + "." + kebabCase(camelCaseProperty);
    }

    /** The path of an instance, e.g. {@code resiliency.circuit-breaker.inventory}. */
    public String instancePath(String name) {
        return this.prefix + (name.indexOf('.') >= 0 ? "[" + name + "]" : "." + name);
    }

    /** An exception naming the option's path and the rule. */
    public InvalidResiliencyPropertyException invalid(String name, P named, String camelCaseProperty, String rule) {
        return new InvalidResiliencyPropertyException(path(name, named, camelCaseProperty), rule);
    }

    /**
     * Translates a core builder's complaint, whose message starts with the camelCase option name ("maxAttempts
     * must be >= 1, got: 0"), into the property path and the rule, with option names in the rule in kebab-case.
     */
    InvalidResiliencyPropertyException translate(String name, P named, IllegalArgumentException ex) {
        String message = String.valueOf(ex.getMessage());
        int space = message.indexOf(' ');
        String option = space > 0 ? message.substring(0, space) : message;
        if (space > 0 && isProperty(option)) {
            String rest = message.substring(space + 1).trim();
            // "maxAttempts must be >= 1" reads as a rule once the option is in the path; other shapes
            // ("burstSize / rate must be ...") keep the whole sentence
            String rule = rest.startsWith("must") || rest.startsWith("is ") ? rest : message;
            return new InvalidResiliencyPropertyException(path(name, named, option), readable(rule), ex);
        }
        return new InvalidResiliencyPropertyException(instancePath(name), readable(message), ex);
    }

    /** Option names in kebab-case and ISO-8601 durations ({@code PT0.1S}) the way they are configured ({@code 100ms}). */
    private String readable(String text) {
        Matcher matcher = ISO_DURATION.matcher(kebabCaseOptions(text));
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            try {
                replacement = configured(Duration.parse(matcher.group()));
            }
            catch (DateTimeParseException ex) {
                replacement = matcher.group();
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    /** A duration as it would be written in configuration: {@code 5s}, {@code 100ms}, {@code -1s}, {@code 250us}. */
    static String configured(Duration duration) {
        long nanos;
        try {
            nanos = duration.toNanos();
        }
        catch (ArithmeticException ex) {
            return duration.toSeconds() + "s";
        }
        if (nanos % 1_000_000_000L == 0) {
            return (nanos / 1_000_000_000L) + "s";
        }
        if (nanos % 1_000_000L == 0) {
            return (nanos / 1_000_000L) + "ms";
        }
        if (nanos % 1_000L == 0) {
            return (nanos / 1_000L) + "us";
        }
        return nanos + "ns";
    }

    private String kebabCaseOptions(String text) {
        Matcher matcher = CAMEL_WORD.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String word = matcher.group();
            matcher.appendReplacement(result, Matcher.quoteReplacement(isProperty(word) ? kebabCase(word) : word));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private boolean isProperty(String camelCase) {
        for (PropertyDescriptor property : this.properties) {
            if (property.getName().equals(camelCase)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSet(Object properties, String camelCaseProperty) {
        if (properties == null) {
            return false;
        }
        BeanWrapper wrapper = PropertyAccessorFactory.forBeanPropertyAccess(properties);
        return wrapper.isReadableProperty(camelCaseProperty) && wrapper.getPropertyValue(camelCaseProperty) != null;
    }

    /** {@code failureRateThreshold} → {@code failure-rate-threshold}. */
    public static String kebabCase(String camelCase) {
        StringBuilder kebab = new StringBuilder(camelCase.length() + 4);
        for (int i = 0; i < camelCase.length(); i++) {
            char c = camelCase.charAt(i);
            if (Character.isUpperCase(c)) {
                kebab.append('-').append(Character.toLowerCase(c));
            }
            else {
                kebab.append(c);
            }
        }
        return kebab.toString().toLowerCase(Locale.ROOT);
    }
}
