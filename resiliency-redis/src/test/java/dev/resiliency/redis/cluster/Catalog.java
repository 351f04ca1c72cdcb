package dev.resiliency.redis.cluster;

import dev.resiliency.spring.annotation.RateLimiter;
import dev.resiliency.spring.annotation.SingleFlight;

/** The pods' service: a cache-miss path deduplicated cluster-wide, and a call under a cluster-wide quota. */
public class Catalog {

    private final Downstream downstream;

    public Catalog(Downstream downstream) {
        this.downstream = downstream;
    }

    @SingleFlight(name = "products", key = "#sku")
    public String product(String sku) throws Exception {
        return downstream.fetch(sku);
    }

    @RateLimiter("inventory-api")
    public boolean callInventoryApi() {
        return true;
    }

    @RateLimiter("payments-api")
    public boolean callPaymentsApi() {
        return true;
    }
}
