package dev.resiliency.sample.cache;

/** The caches of the sample app. */
public final class CacheNames {

    /** User profiles by id ({@code sample.cache.users-ttl}, 5 minutes as in the guide). */
    public static final String USERS = "users";
    /** Inventory by SKU ({@code sample.cache.inventory-ttl}, 30 seconds as in the guide). */
    public static final String INVENTORY = "inventory";

    private CacheNames() {
    }
}
