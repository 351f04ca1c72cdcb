package dev.resiliency.spring.actuate;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns the core's immutable records (stats, events) into JSON-friendly maps, component by component, so the
 * endpoint shows every figure a record has without restating them: durations as ISO-8601 strings ({@code PT0.1S}),
 * enums by name, exceptions by class name only (a message may carry user data), other objects (a single-flight
 * key) by their {@code toString()}; text is cut at {@value #MAX_TEXT} characters. Runs when the endpoint is read, never on a
 * call path.
 */
final class Descriptors {

    static final int MAX_TEXT = 200;

    private Descriptors() {
    }

    /** Every component of the record, in declaration order. */
    static Map<String, Object> of(Record record) {
        return of(record, null);
    }

    /** Every component of the record but {@code skipped}. */
    static Map<String, Object> of(Record record, String skipped) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            if (component.getName().equals(skipped)) {
                continue;
            }
            values.put(component.getName(), value(read(record, component)));
        }
        return values;
    }

    static Object value(Object value) {
        if (value == null || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Duration duration) {
            return duration.toString();
        }
        if (value instanceof Enum<?> constant) {
            return constant.name();
        }
        if (value instanceof Throwable error) {
            return error.getClass().getName();
        }
        String text = String.valueOf(value);
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "...";
    }

    private static Object read(Record record, RecordComponent component) {
        try {
            return component.getAccessor().invoke(record);
        }
        catch (IllegalAccessException | InvocationTargetException ex) {
            throw new IllegalStateException("Cannot read " + component.getName() + " of " + record.getClass(), ex);
        }
    }
}
