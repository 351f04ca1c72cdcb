package dev.resiliency.spring.registry;

import java.util.List;
import java.util.function.Predicate;

/** Matches a throwable against configured exception classes (and their subclasses); built once per instance. */
final class ExceptionMatcher implements Predicate<Throwable> {

    private final Class<?>[] types;

    private ExceptionMatcher(List<Class<? extends Throwable>> types) {
        this.types = types.toArray(new Class<?>[0]);
    }

    /** A predicate true for instances of any of {@code types}; {@code types} must not be empty. */
    static ExceptionMatcher of(List<Class<? extends Throwable>> types) {
        return new ExceptionMatcher(types);
    }

    @Override
    public boolean test(Throwable error) {
        for (Class<?> type : this.types) {
            if (type.isInstance(error)) {
                return true;
            }
        }
        return false;
    }
}
