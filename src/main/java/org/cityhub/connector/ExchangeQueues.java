package org.cityhub.connector;

/** Names of the exchange queues and of the message properties the stages pass along. */
public final class ExchangeQueues {

    /** JMS property (Camel header): department code. */
    public static final String DEPARTMENT = "CityhubDepartment";
    /** JMS property: connector (source) name within the department. */
    public static final String CONNECTOR = "CityhubConnector";
    /** JMS property: raw archive id of the record. */
    public static final String RAW_ID = "CityhubRawId";
    /** JMS property: the record's key in its source, for people reading a dead letter. */
    public static final String RECORD_KEY = "CityhubRecordKey";
    /**
     * JMS property: when the hub queued the record (epoch ms), for the ingest latency; kept in the message itself
     * rather than read from JMSTimestamp, which a producer may leave unset.
     */
    public static final String QUEUED_AT = "CityhubQueuedAt";
    /** Dead-letter properties: the stage that failed, the error, the field path, expected and actual value. */
    public static final String STAGE = "CityhubStage";
    public static final String ERROR = "CityhubError";
    public static final String FIELD_PATH = "CityhubFieldPath";
    public static final String EXPECTED = "CityhubExpected";
    public static final String ACTUAL = "CityhubActual";
    public static final String ATTEMPTS = "CityhubAttempts";
    /**
     * JMS property: the attempts a record had spent when the ingest put it back on its queue for a later try (a
     * store failure of this record alone, while the rest of its batch was stored): its earlier messages' deliveries,
     * which the new message's delivery count does not know; counts towards its attempts.
     */
    public static final String RETRIES = "CityhubRetries";
    /**
     * JMS property: set on a record the hub sends through again, so that the ingest can tell a replay from
     * a new record: {@code archive-<replay id>} for a replay from the raw archive, {@code dead-letter} for a
     * dead letter put back on its queue.
     */
    public static final String REPLAY = "CityhubReplay";

    private ExchangeQueues() {
    }

    /** Records accepted from a department, waiting to be mapped and stored. */
    public static String inbound(String department) {
        return "hub.inbound." + department;
    }

    /** Cases waiting to be dispatched to a department. */
    public static String outbound(String department) {
        return "hub.outbound." + department;
    }

    /** Messages the broker itself dead-lettered after its delivery budget (a backstop, see HubConfiguration). */
    public static final String BROKER_DEAD_LETTERS = "hub.dlq.broker";

    /** Records of a department that could not be mapped or stored, with the reason. */
    public static String deadLetter(String department) {
        return "hub.dlq." + department;
    }
}
