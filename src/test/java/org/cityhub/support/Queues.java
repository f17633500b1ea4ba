package org.cityhub.support;

import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import org.springframework.jms.core.JmsTemplate;

import jakarta.jms.Message;

/** Looks into an exchange queue of the real broker without taking anything off it. */
public final class Queues {

    private Queues() {
    }

    /** Every message waiting on {@code queue}, oldest first. */
    @SuppressWarnings("unchecked")
    public static List<Message> browse(JmsTemplate jms, String queue) {
        List<Message> list = jms.browse(queue, (session, browser) -> Collections.list((Enumeration<Message>) browser.getEnumeration()));
        return list == null ? List.of() : list;
    }
}
