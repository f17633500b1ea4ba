package org.cityhub.privacy;

import org.springframework.boot.logging.logback.ExtendedWhitespaceThrowableProxyConverter;

import ch.qos.logback.classic.spi.IThrowableProxy;

/**
 * Spring Boot's {@code %wEx} (exception with a stack trace), with every resident id number and mobile number in
 * the exception messages masked: an exception quoting a record must not bring it into the log in clear.
 * Registered in {@code logback-spring.xml} for {@code wEx}, {@code ex}, {@code exception} and {@code throwable}.
 */
public class MaskingThrowableConverter extends ExtendedWhitespaceThrowableProxyConverter {

    @Override
    protected String throwableProxyToString(IThrowableProxy tp) {
        return PersonalData.maskText(super.throwableProxyToString(tp));
    }
}
