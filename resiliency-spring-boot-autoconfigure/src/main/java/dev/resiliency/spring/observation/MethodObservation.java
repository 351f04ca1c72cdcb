package dev.resiliency.spring.observation;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import dev.resiliency.internal.Futures;
import dev.resiliency.pipeline.Layer;
import dev.resiliency.spring.aop.CallObserver;
import dev.resiliency.spring.aop.ResilientMethod;

/**
 * Observes the calls of one annotated method: one {@link Observation} (one span) per call, current while the call
 * runs so that whatever the method does inside (an HTTP client call...) is its child, and an
 * {@link Observation.Event} per retry and per hedged copy.
 *
 * <p>How a run of the method is told apart: with only a retry layer, every run after the first is a retry; with only
 * a hedged layer, every run after the first is a hedge. With both, the hedged layer is entered once per retry attempt
 * (the pipeline tells this observer, on the thread that enters it): the first run after that entry is the attempt,
 * the others its hedges. The call's state lives in the observation's context, which every run sees: the method
 * pipeline restores the caller's context (the current observation included) around every run on any thread.
 */
final class MethodObservation implements CallObserver {

    private enum Mode { PLAIN, RETRY, HEDGED, RETRY_AND_HEDGED }

    private final ResilientMethod method;
    private final KeyValues keyValues;
    private final ObservationRegistry registry;
    private final ResiliencyObservationConvention customConvention;
    private final ResiliencyObservationConvention defaultConvention;
    private final Mode mode;

    MethodObservation(ResilientMethod method, ObservationRegistry registry,
            ResiliencyObservationConvention customConvention, ResiliencyObservationConvention defaultConvention) {
        this.method = method;
        this.keyValues = DefaultResiliencyObservationConvention.methodKeyValues(method);
        this.registry = registry;
        this.customConvention = customConvention;
        this.defaultConvention = defaultConvention;
        boolean retry = method.layers().containsKey(Layer.RETRY);
        boolean hedged = method.layers().containsKey(Layer.HEDGED);
        this.mode = retry && hedged ? Mode.RETRY_AND_HEDGED : retry ? Mode.RETRY : hedged ? Mode.HEDGED : Mode.PLAIN;
    }

    @Override
    public Object observeCall(Invocation call) throws Throwable {
        ResiliencyObservationContext context = new ResiliencyObservationContext(this.method, this.keyValues, this);
        Observation observation = Observation.createNotStarted(this.customConvention, this.defaultConvention,
                () -> context, this.registry);
        if (observation.isNoop()) {
            return call.proceed();
        }
        observation.start();
        Object result;
        try (Observation.Scope scope = observation.openScope()) {
            result = call.proceed();
        }
        catch (Throwable ex) {
            observation.error(ex);
            observation.stop();
            throw ex;
        }
        if (this.method.async() && result instanceof CompletionStage<?> stage) {
            // The method's own future goes back to the caller untouched (cancelling it must cancel the call).
            stage.whenComplete((value, failure) -> {
                if (failure != null) {
                    observation.error(Futures.unwrap(failure));
                }
                observation.stop();
            });
        }
        else {
            observation.stop();
        }
        return result;
    }

    @Override
    public Object observeRun(Invocation run) throws Throwable {
        if (this.mode == Mode.PLAIN) {
            return run.proceed();
        }
        Observation observation = this.registry.getCurrentObservation();
        ResiliencyObservationContext context = ours(observation);
        if (context == null) {
            return run.proceed();
        }
        int number = context.runStarted();
        switch (this.mode) {
            case RETRY -> {
                if (number > 1) {
                    context.retried();
                    observation.event(ResiliencyObservationEvents.retry(number));
                }
            }
            case HEDGED -> {
                if (number > 1) {
                    context.hedged();
                    observation.event(ResiliencyObservationEvents.hedge(number));
                }
            }
            default -> {
                int copy = context.copyStarted();
                if (!context.claimAttemptStart() && number > 1) {
                    context.hedged();
                    observation.event(ResiliencyObservationEvents.hedge(Math.max(copy, 2)));
                }
            }
        }
        Object result = run.proceed();
        if (this.mode == Mode.RETRY_AND_HEDGED && result instanceof CompletionStage<?> stage) {
            return completingInScope(stage, observation);
        }
        return result;
    }

    /**
     * The hedged layer is entered once per retry attempt. The first entry is the call's first attempt; each later
     * one is a retry.
     */
    @Override
    public void entered(Layer layer) {
        if (this.mode != Mode.RETRY_AND_HEDGED || layer != Layer.HEDGED) {
            return;
        }
        Observation observation = this.registry.getCurrentObservation();
        ResiliencyObservationContext context = ours(observation);
        if (context == null) {
            return;
        }
        int attempt = context.attemptStarted();
        if (attempt > 1) {
            context.retried();
            observation.event(ResiliencyObservationEvents.retry(attempt));
        }
    }

    private ResiliencyObservationContext ours(Observation observation) {
        if (observation != null && observation.getContextView() instanceof ResiliencyObservationContext context
                && context.ownedBy(this)) {
            return context;
        }
        return null;
    }

    /**
     * A stage completing like {@code stage} but with the call's observation current: the layers that react to the
     * completion (the hedged run, then the retry that schedules the next attempt) run in its scope, so the next
     * attempt's entry into the hedged layer is seen as this call's, whatever thread completed the method's stage.
     * Cancelling the returned stage (a losing hedged copy) cancels the method's.
     */
    @SuppressWarnings("unchecked")
    private static CompletionStage<Object> completingInScope(CompletionStage<?> stage, Observation observation) {
        CompletableFuture<Object> relay = new CompletableFuture<>();
        ((CompletionStage<Object>) stage).whenComplete((value, failure) -> {
            try (Observation.Scope scope = observation.openScope()) {
                if (failure != null) {
                    relay.completeExceptionally(failure);
                }
                else {
                    relay.complete(value);
                }
            }
        });
        if (stage instanceof Future<?> source) {
            relay.whenComplete((value, failure) -> {
                if (relay.isCancelled()) {
                    source.cancel(true);
                }
            });
        }
        return relay;
    }

    @Override
    public String toString() {
        return "MethodObservation[" + this.method.name() + "]";
    }
}
