/**
 * The circuit breaker: {@link dev.resiliency.circuitbreaker.CircuitBreaker}, built with
 * {@code CircuitBreaker.builder(name)}. It rates the outcomes of calls in a count or time sliding window, opens when
 * the failure or slow-call rate reaches its threshold, rejects calls with
 * {@link dev.resiliency.CircuitOpenException} while open, and probes the dependency through a half-open state.
 */
package dev.resiliency.circuitbreaker;
