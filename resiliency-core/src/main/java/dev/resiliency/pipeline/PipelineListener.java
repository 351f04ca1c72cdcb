package dev.resiliency.pipeline;

/**
 * Told each time a call enters a layer of a {@link ResiliencePipeline}, on the thread that enters it: for
 * tracing and diagnostics. A retried call enters {@link Layer#RETRY} once and {@link Layer#HEDGED} once per
 * attempt. Must be quick and must not throw. Costs nothing when none is set.
 */
@FunctionalInterface
public interface PipelineListener {

    void entered(Layer layer);
}
