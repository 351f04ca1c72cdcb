/**
 * Retrying a call with backoff: {@link dev.resiliency.retry.BackoffRetry} and its delay strategies,
 * {@link dev.resiliency.retry.Backoff}.
 */
package dev.resiliency.retry;
