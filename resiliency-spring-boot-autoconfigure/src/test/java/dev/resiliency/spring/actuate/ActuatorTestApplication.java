package dev.resiliency.spring.actuate;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** A web application with the actuator and the resiliency starter, nothing else. */
@SpringBootConfiguration
@EnableAutoConfiguration
class ActuatorTestApplication {
}
