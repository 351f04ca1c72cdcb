package dev.resiliency.sample.product;

import dev.resiliency.sample.downstream.Downstream;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Service;

/** The reviews service: plain HTTP, its failures are handled by the product page's fallback. */
@Service
public class ReviewsClient {

    /** The route name of the reviews service in counts and errors. */
    public static final String ROUTE = "reviews";

    private final Downstream downstream;

    public ReviewsClient(Downstream downstream) {
        this.downstream = downstream;
    }

    public List<Review> get(String productId) {
        Review[] reviews = this.downstream.get(ROUTE, "/reviews/{id}", Review[].class, productId);
        return reviews == null ? List.of() : Arrays.asList(reviews);
    }
}
