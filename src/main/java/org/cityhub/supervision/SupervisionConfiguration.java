package org.cityhub.supervision;

import java.nio.file.Path;

import org.cityhub.config.HubProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The working-day calendar, read and checked once at start-up: a broken file stops the start with its error. */
@Configuration(proxyBeanMethods = false)
class SupervisionConfiguration {

    @Bean
    WorkingCalendar workingCalendar(HubProperties hub, SupervisionProperties props) {
        Path dir = props.calendarDir() == null || props.calendarDir().isBlank()
                ? hub.homePath().resolve("calendar") : Path.of(props.calendarDir());
        return CalendarFiles.load(dir);
    }

    @Bean
    LightCalculator lightCalculator(WorkingCalendar calendar) {
        return new LightCalculator(calendar);
    }
}
