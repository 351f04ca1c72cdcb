/**
 * Helpers shared by the primitives. Not API: may change in any release.
 */
package dev.resiliency.internal;
