/**
 * {@link dev.resiliency.singleflight.SingleFlight}: deduplication of concurrent calls by key (one execution, shared
 * outcome, nothing cached); its {@link dev.resiliency.singleflight.SingleFlightStats stats} and
 * {@link dev.resiliency.singleflight.SingleFlightEvent events}.
 */
package dev.resiliency.singleflight;
