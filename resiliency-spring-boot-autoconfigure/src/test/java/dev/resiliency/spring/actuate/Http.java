package dev.resiliency.spring.actuate;

import com.jayway.jsonpath.JsonPath;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/** Plain HTTP to the running application: status and body, whatever the status. */
final class Http {

    private final RestClient client;

    Http(int port) {
        this.client = RestClient.builder().baseUrl("http://localhost:" + port).build();
    }

    Response get(String path) {
        return this.client.get().uri(path).exchange((request, response) -> new Response(response.getStatusCode(),
                new String(response.getBody().readAllBytes())));
    }

    Response post(String path, String json) {
        return this.client.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(json)
                .exchange((request, response) -> new Response(response.getStatusCode(),
                        new String(response.getBody().readAllBytes())));
    }

    record Response(HttpStatusCode status, String body) {

        int code() {
            return this.status.value();
        }

        <T> T json(String path) {
            return JsonPath.read(this.body, path);
        }
    }
}
