package dev.resiliency.redis.cluster;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import dev.resiliency.redis.support.TestRedis;

/** One "pod": a Spring Boot application with the starter, Spring Data Redis and resiliency-redis. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class PodApplication {

    @Bean
    Catalog catalog(Downstream downstream) {
        return new Catalog(downstream);
    }

    /** Starts a pod on {@code redis}, calling {@code downstream}, with the cluster configuration plus {@code extra}. */
    public static ConfigurableApplicationContext start(TestRedis redis, Downstream downstream, String... extra) {
        List<String> properties = new ArrayList<>(List.of(
                "spring.data.redis.host=" + redis.host(),
                "spring.data.redis.port=" + redis.port(),
                "spring.data.redis.timeout=2s",
                "spring.data.redis.connect-timeout=2s",
                "spring.jmx.enabled=false",
                "spring.main.banner-mode=off",
                "resiliency.rate-limiter.inventory-api.rate=100",
                "resiliency.rate-limiter.inventory-api.burst-size=20",
                "resiliency.rate-limiter.inventory-api.backend=redis",
                "resiliency.rate-limiter.payments-api.rate=1000",
                "resiliency.rate-limiter.payments-api.backend=redis",
                "resiliency.rate-limiter.payments-api.on-backend-failure=reject",
                "resiliency.single-flight.products.backend=redis",
                "resiliency.redis.probe-interval=200ms",
                "resiliency.redis.key-prefix=pods:"));
        properties.addAll(List.of(extra));
        return new SpringApplicationBuilder(PodApplication.class)
                .web(WebApplicationType.NONE)
                .initializers(context -> context.getBeanFactory().registerSingleton("downstream", downstream))
                .properties(properties.toArray(String[]::new))
                .run();
    }
}
