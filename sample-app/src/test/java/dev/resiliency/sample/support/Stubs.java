package dev.resiliency.sample.support;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import java.util.function.Supplier;

/** Stubbing helpers: a sequence of answers for one URL, one answer per request, the last one repeated. */
public final class Stubs {

    private Stubs() {
    }

    /** {@code GET url} answers {@code responses} in order, then keeps answering the last one. */
    public static void getSequence(WireMockServer wiremock, String url, ResponseDefinitionBuilder... responses) {
        sequence(wiremock, url, () -> get(url), responses);
    }

    /** Any request built by {@code request} answers {@code responses} in order, then repeats the last one. */
    public static void sequence(WireMockServer wiremock, String scenario, Supplier<MappingBuilder> request,
            ResponseDefinitionBuilder... responses) {
        for (int i = 0; i < responses.length; i++) {
            ScenarioMappingBuilder mapping = request.get().inScenario(scenario)
                .whenScenarioStateIs(i == 0 ? STARTED : "step-" + i)
                .willReturn(responses[i]);
            if (i < responses.length - 1) {
                mapping = mapping.willSetStateTo("step-" + (i + 1));
            }
            wiremock.stubFor(mapping);
        }
    }
}
