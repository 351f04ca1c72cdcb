package dev.resiliency.sample.inventory;

import dev.resiliency.retry.BackoffRetry;
import dev.resiliency.sample.cache.CacheNames;
import dev.resiliency.sample.cache.CachePeek;
import dev.resiliency.sample.downstream.BadRequestException;
import dev.resiliency.sample.downstream.Downstream;
import dev.resiliency.spring.annotation.Bulkhead;
import dev.resiliency.spring.annotation.CircuitBreaker;
import dev.resiliency.spring.annotation.Hedged;
import dev.resiliency.spring.annotation.Retry;
import dev.resiliency.spring.annotation.SingleFlight;
import dev.resiliency.spring.annotation.WeightedSemaphore;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/**
 * The guide's "Full Resilience Stack" against a slow, rate-limited, occasionally failing inventory API. From the
 * outside in (the order is the library's canonical order, whatever the order of the annotations):
 * <ol>
 *   <li>cache ({@code inventory}, 30 s): a hit never reaches the stack;</li>
 *   <li>{@code CircuitBreaker inventory}: while the API is known to be down, reject at once, zero load;</li>
 *   <li>{@code SingleFlight inventory}: 50 concurrent misses for one SKU make one call;</li>
 *   <li>{@code Bulkhead inventory}: 15 concurrent calls for this workload, waiting up to 3 s;</li>
 *   <li>{@code WeightedSemaphore inventory}: weight 2 of 20 (a call may put 2 requests on the wire), waiting up to
 *       10 s;</li>
 *   <li>{@code Retry inventory}: 3 attempts, exponential from 100 ms to 2 s, 8 s budget, on timeout, 503, 429;</li>
 *   <li>{@code Hedged inventory}: a backup request after the adaptive p95 delay, 4 s deadline per attempt.</li>
 * </ol>
 * 50 concurrent callers for the same SKU therefore make at most 3 attempts x 2 requests = 6 HTTP requests, and
 * none while the circuit is open. The leader of a flight looks in the cache once more first ({@code CachePeek}): a
 * caller that missed the cache just before the previous flight stored its value costs no second call. The timeouts
 * nest as the guide's budget table says: HTTP 3 s &lt; hedged 4 s &lt; retry budget 8 s &lt; semaphore 10 s.
 */
@Service
public class InventoryClient {

    /** The route name of the inventory API in counts and errors. */
    public static final String ROUTE = "inventory";

    private final Downstream downstream;
    private final CachePeek cache;

    public InventoryClient(Downstream downstream, CachePeek cache) {
        this.downstream = downstream;
        this.cache = cache;
    }

    /**
     * Fetches the inventory of a product.
     *
     * @throws dev.resiliency.CircuitOpenException the circuit is open (the guide's {@code :service_degraded})
     * @throws dev.resiliency.sample.downstream.DownstreamException the API's last error once retries are exhausted
     */
    @Cacheable(cacheNames = CacheNames.INVENTORY, key = "#sku")
    @CircuitBreaker("inventory")
    @SingleFlight(value = "inventory", key = "'inventory:' + #sku")
    @Bulkhead("inventory")
    @WeightedSemaphore(value = "inventory", weight = 2, timeout = "${sample.inventory.acquire-timeout:10s}")
    @Retry("inventory")
    @Hedged("inventory")
    public Inventory getInventory(String sku) {
        Inventory stored = this.cache.get(CacheNames.INVENTORY, sku, Inventory.class); // a flight that just landed
        if (stored != null) {
            return stored;
        }
        try {
            return this.downstream.get(ROUTE, "/inventory/v2/products/{sku}", Inventory.class, sku);
        }
        catch (BadRequestException ex) {
            throw BackoffRetry.abort(ex); // permanent: stop retrying, and every single-flight waiter gets it now
        }
    }
}
