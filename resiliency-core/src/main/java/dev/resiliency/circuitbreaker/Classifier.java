package dev.resiliency.circuitbreaker;

import java.lang.System.Logger.Level;
import java.util.function.Predicate;

/** Turns a call's end (a thrown exception or a returned value) into an {@link Outcomes} code. */
final class Classifier {

    private static final System.Logger LOG = System.getLogger(CircuitBreaker.class.getName());

    private final String name;
    private final Predicate<? super Throwable> recordFailure;
    private final Predicate<? super Throwable> ignoreException;
    private final Predicate<Object> recordResult;

    Classifier(String name, Predicate<? super Throwable> recordFailure, Predicate<? super Throwable> ignoreException,
            Predicate<Object> recordResult) {
        this.name = name;
        this.recordFailure = recordFailure;
        this.ignoreException = ignoreException;
        this.recordResult = recordResult;
    }

    /**
     * An {@link Error} is a failure without asking the predicates. A predicate that throws makes the outcome a
     * success, as in the reference (1.7): a classifier bug must neither fail the call nor leak a probe permit.
     */
    int classify(Throwable error) {
        if (error == null || error instanceof Error) {
            return Outcomes.FAILURE;
        }
        try {
            if (ignoreException != null && ignoreException.test(error)) {
                return Outcomes.IGNORE;
            }
            return recordFailure.test(error) ? Outcomes.FAILURE : Outcomes.SUCCESS;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Exception predicate of circuit breaker '" + name + "' failed; counting a success", e);
            return Outcomes.SUCCESS;
        }
    }

    int classifyResult(Object result) {
        if (recordResult == null) {
            return Outcomes.SUCCESS;
        }
        try {
            return recordResult.test(result) ? Outcomes.FAILURE : Outcomes.SUCCESS;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "recordResult of circuit breaker '" + name + "' failed; counting a success", e);
            return Outcomes.SUCCESS;
        }
    }
}
