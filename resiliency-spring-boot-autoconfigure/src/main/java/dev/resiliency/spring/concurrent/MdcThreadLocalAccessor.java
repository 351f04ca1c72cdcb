package dev.resiliency.spring.concurrent;

import java.util.Map;

import io.micrometer.context.ThreadLocalAccessor;
import org.slf4j.MDC;

/**
 * Propagates the whole SLF4J MDC with Micrometer's context-propagation (its own {@code Slf4jThreadLocalAccessor}
 * needs the keys up front). Registered by the auto-configuration when SLF4J is present and no accessor with
 * {@link #KEY} is registered yet.
 */
public final class MdcThreadLocalAccessor implements ThreadLocalAccessor<Map<String, String>> {

    /** The key of this accessor in the {@code ContextRegistry}. */
    public static final String KEY = "resiliency.mdc";

    @Override
    public Object key() {
        return KEY;
    }

    @Override
    public Map<String, String> getValue() {
        Map<String, String> copy = MDC.getCopyOfContextMap();
        return copy == null || copy.isEmpty() ? null : copy;
    }

    @Override
    public void setValue(Map<String, String> value) {
        MDC.setContextMap(value);
    }

    @Override
    public void setValue() {
        MDC.clear();
    }
}
