package dev.resiliency.sample.downstream;

/** 402 Payment Required: the payment was declined; never retried, and not a sign of an unhealthy downstream. */
public class PaymentDeclinedException extends DownstreamException {

    public PaymentDeclinedException(String route, int status, String message) {
        super(route, status, message, null);
    }

    @Override
    public String code() {
        return "payment_declined";
    }
}
