package org.medsign.hub;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The MedSign Hub application. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class MedsignHubApplication {

    public static void main(String[] args) {
        SpringApplication.run(MedsignHubApplication.class, args);
    }
}
