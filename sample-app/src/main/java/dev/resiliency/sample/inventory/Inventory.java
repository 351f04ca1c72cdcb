package dev.resiliency.sample.inventory;

/**
 * Stock of one product. {@code available} is null and {@code message} set when the figure could not be had: the
 * product page's placeholder.
 */
public record Inventory(String sku, Integer available, String message) {

    /** The guide's placeholder when the inventory API is down: {@code %{available: nil, message: "Check back shortly"}}. */
    public static Inventory unknown(String sku) {
        return new Inventory(sku, null, "Check back shortly");
    }
}
