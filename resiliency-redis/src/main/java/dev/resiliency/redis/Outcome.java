package dev.resiliency.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What a waiter learns about a flight, and its wire format on the flight's channel: one type byte, then
 * <ul>
 *   <li>{@code V} + the value's bytes (from the configured serializer), or {@code N} for a null value;</li>
 *   <li>{@code F} + the failure's class name, {@code \n}, {@code 1} and its message, or {@code 0} for no message;</li>
 *   <li>{@code A}: the holder gave its lease up without an outcome (its process is stopping): take over now.</li>
 * </ul>
 * {@link Kind#TIMER} and {@link Kind#DOWN} never travel: a waiter's own timer (the lease would have expired by now, or
 * the deadline), and Redis marked unreachable.
 */
record Outcome(Kind kind, byte[] payload, String failureType, String failureMessage) {

    enum Kind { VALUE, FAILURE, ABANDONED, TIMER, DOWN }

    static final Outcome ABANDONED = new Outcome(Kind.ABANDONED, null, null, null);
    static final Outcome TIMER = new Outcome(Kind.TIMER, null, null, null);
    static final Outcome DOWN = new Outcome(Kind.DOWN, null, null, null);
    static final byte[] ABANDONED_MESSAGE = {'A'};
    static final byte[] NULL_MESSAGE = {'N'};

    static byte[] value(byte[] serialized) {
        byte[] message = new byte[serialized.length + 1];
        message[0] = 'V';
        System.arraycopy(serialized, 0, message, 1, serialized.length);
        return message;
    }

    static byte[] failure(Throwable failure) {
        String text = "F" + failure.getClass().getName() + "\n"
                + (failure.getMessage() == null ? "0" : "1" + failure.getMessage());
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Parses a message; null for one this version does not understand (ignored: the deadline still holds). */
    static Outcome parse(byte[] message) {
        if (message == null || message.length == 0) {
            return null;
        }
        switch (message[0]) {
            case 'V':
                return new Outcome(Kind.VALUE, Arrays.copyOfRange(message, 1, message.length), null, null);
            case 'N':
                return new Outcome(Kind.VALUE, null, null, null);
            case 'A':
                return ABANDONED;
            case 'F':
                String text = new String(message, 1, message.length - 1, StandardCharsets.UTF_8);
                int newline = text.indexOf('\n');
                if (newline < 0 || newline + 1 >= text.length()) {
                    return new Outcome(Kind.FAILURE, null, text, null);
                }
                String type = text.substring(0, newline);
                boolean hasMessage = text.charAt(newline + 1) == '1';
                return new Outcome(Kind.FAILURE, null, type, hasMessage ? text.substring(newline + 2) : null);
            default:
                return null;
        }
    }
}
