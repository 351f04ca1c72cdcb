package dev.resiliency.sample.downstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientException;

/** The guide's status mapping, and I/O failures as timeouts or lost connections. */
class StatusMappingTest {

    @Test
    void statusesMapToTheGuidesErrors() {
        assertThat(StatusMapping.toException("r", 503, "GET /x")).isInstanceOf(ServiceUnavailableException.class);
        assertThat(StatusMapping.toException("r", 429, "GET /x")).isInstanceOf(DownstreamRateLimitedException.class);
        assertThat(StatusMapping.toException("r", 400, "GET /x")).isInstanceOf(BadRequestException.class);
        assertThat(StatusMapping.toException("r", 402, "GET /x")).isInstanceOf(PaymentDeclinedException.class);
        assertThat(StatusMapping.toException("r", 404, "GET /x")).isInstanceOf(NotFoundException.class);
        assertThat(StatusMapping.toException("r", 500, "GET /x")).isInstanceOf(UnexpectedStatusException.class)
            .satisfies(ex -> assertThat(ex.status()).isEqualTo(500))
            .satisfies(ex -> assertThat(ex.code()).isEqualTo("unexpected_status"))
            .hasMessage("GET /x answered 500");
    }

    @Test
    void noResponseInTimeIsATimeout() {
        ResourceAccessException failure = new ResourceAccessException("I/O error",
                new HttpTimeoutException("request timed out"));

        assertThat(StatusMapping.ioFailure("users", failure)).isInstanceOf(DownstreamTimeoutException.class)
            .hasCause(failure)
            .satisfies(ex -> assertThat(ex.route()).isEqualTo("users"));
    }

    @Test
    void noResponseAtAllIsALostConnection() {
        ResourceAccessException failure = new ResourceAccessException("I/O error", new ConnectException("refused"));

        assertThat(StatusMapping.ioFailure("users", failure)).isInstanceOf(ConnectionLostException.class);
    }

    @Test
    void aBodyCutShortIsALostConnection() {
        RestClientException failure = new RestClientException("Error while extracting response",
                new HttpMessageNotReadableException("JSON parse error: closed", new IOException("closed"), null));

        assertThat(StatusMapping.ioFailure("users", failure)).isInstanceOf(ConnectionLostException.class);
    }

    @Test
    void aBodyThatIsNotJsonIsNoIoFailure() {
        RestClientException failure = new RestClientException("Error while extracting response",
                new HttpMessageNotReadableException("JSON parse error: unexpected token", null, null));

        assertThat(StatusMapping.ioFailure("users", failure)).isNull();
    }
}
