package io.annotrail.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication(scanBasePackages = "io.annotrail")
@ConfigurationPropertiesScan
@EnableScheduling
public class AnnotrailApplication {

    public static void main(String[] args) {
        // Axon's update checker phones home; this machine (and many deployments) has no internet.
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication.run(AnnotrailApplication.class, args);
    }
}
