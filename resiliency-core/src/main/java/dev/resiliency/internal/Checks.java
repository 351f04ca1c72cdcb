package dev.resiliency.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * Argument and option validation with messages that name the option and the rule, for builders
 * ({@code build()}) and public methods. Not API.
 */
public final class Checks {

    private Checks() {
    }

    public static <T> T notNull(T value, String name) {
        return Objects.requireNonNull(value, () -> name + " must not be null");
    }

    public static String name(String name) {
        notNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        return name;
    }

    public static int positive(int value, String option) {
        if (value < 1) {
            throw new IllegalArgumentException(option + " must be >= 1, got: " + value);
        }
        return value;
    }

    public static int nonNegative(int value, String option) {
        if (value < 0) {
            throw new IllegalArgumentException(option + " must be >= 0, got: " + value);
        }
        return value;
    }

    public static double nonNegative(double value, String option) {
        if (!(value >= 0.0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(option + " must be a finite number >= 0, got: " + value);
        }
        return value;
    }

    public static double positive(double value, String option) {
        if (!(value > 0.0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(option + " must be a finite number > 0, got: " + value);
        }
        return value;
    }

    public static double between(double value, double min, double max, String option) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(option + " must be between " + min + " and " + max + ", got: " + value);
        }
        return value;
    }

    public static Duration nonNegative(Duration value, String option) {
        notNull(value, option);
        if (value.isNegative()) {
            throw new IllegalArgumentException(option + " must be >= 0, got: " + value);
        }
        return value;
    }

    public static Duration positive(Duration value, String option) {
        notNull(value, option);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(option + " must be > 0, got: " + value);
        }
        return value;
    }

    /** Saturating conversion: durations beyond ~292 years become {@link Long#MAX_VALUE} nanoseconds. */
    public static long toNanos(Duration value) {
        try {
            return value.toNanos();
        } catch (ArithmeticException overflow) {
            return value.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
