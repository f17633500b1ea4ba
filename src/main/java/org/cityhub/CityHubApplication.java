package org.cityhub;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** CityHub: links department legacy systems to the city approval platform. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class CityHubApplication {
    public static void main(String[] args) {
        SpringApplication.run(CityHubApplication.class, args);
    }
}
