package dev.resiliency.sample;

import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sample application: every pattern of the combining-patterns guide as annotated Spring beans, calling a
 * downstream over real HTTP -- by default the simulated one it serves itself under {@code /simulated}.
 *
 * <p>{@code --demo} runs scripted scenarios, prints a report and exits ({@code --demo=short} for a quick run);
 * without it the application serves its REST API until stopped.
 */
@SpringBootApplication
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(SampleApplication.class);
        boolean demo = Arrays.stream(args).anyMatch(arg -> arg.equals("--demo") || arg.startsWith("--demo="));
        if (demo) {
            application.setAdditionalProfiles("demo");
        }
        ConfigurableApplicationContext context = application.run(args);
        if (demo) {
            System.exit(SpringApplication.exit(context));
        }
    }
}
