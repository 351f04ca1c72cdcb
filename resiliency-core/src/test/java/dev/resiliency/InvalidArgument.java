package dev.resiliency;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.provider.Arguments;

/**
 * One row of a table-driven invalid-argument test: a call that must be refused before it does anything, the
 * exception type, and the words its message must contain (the argument or option it names, and the rule).
 */
public record InvalidArgument(String description, ThrowingCallable call, Class<? extends Throwable> type,
        String... messageFragments) {

    /** A row refused with {@link NullPointerException}. */
    public static Arguments npe(String description, ThrowingCallable call, String... messageFragments) {
        return row(new InvalidArgument(description, call, NullPointerException.class, messageFragments));
    }

    /** A row refused with {@link IllegalArgumentException}. */
    public static Arguments iae(String description, ThrowingCallable call, String... messageFragments) {
        return row(new InvalidArgument(description, call, IllegalArgumentException.class, messageFragments));
    }

    private static Arguments row(InvalidArgument argument) {
        return Arguments.of(argument.description(), argument);
    }

    /** Asserts the call is refused with the expected type and a message containing every fragment. */
    public void assertRefused() {
        assertThatThrownBy(call).isExactlyInstanceOf(type).hasMessageContainingAll(messageFragments);
    }

    @Override
    public String toString() {
        return description;
    }
}
