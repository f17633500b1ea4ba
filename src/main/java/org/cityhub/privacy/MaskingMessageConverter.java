package org.cityhub.privacy;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback's {@code %m} / {@code %msg} / {@code %message}, with every resident id number and mobile number
 * masked ({@link PersonalData#maskText}). Registered for those conversion words in {@code logback-spring.xml},
 * so every pattern (Spring Boot's default console and file patterns included) masks without change.
 */
public class MaskingMessageConverter extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return PersonalData.maskText(super.convert(event));
    }
}
