package org.cityhub.connector;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.cityhub.store.DispatchStore;
import org.cityhub.store.DispatchStore.State;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Durable dispatch of cases to departments (hub → department): a case is queued on
 * {@code hub.outbound.<department>}, and the department's dispatch route hands it to the department's
 * target. While the department is unreachable the broker redelivers with back-off; a refusal, or the
 * retry budget running out, puts the message on the department's dead-letter queue with the reason.
 * Each step is recorded per case and department ({@link DispatchStore}).
 */
@Component("dispatcher")
public class Dispatcher {

    /** JMS property: the target (within the department) the case goes to. */
    public static final String TARGET = "CityhubTarget";
    /** JMS property: the case's supervision code. */
    public static final String SUPERVISION_CODE = "CityhubSupervisionCode";
    /** Deliveries of one message before it is dead-lettered (see routes/dispatch-errors.camel.yaml). */
    public static final int DELIVERY_BUDGET = 10;

    private final ConnectorRegistry registry;
    private final DispatchStore dispatches;
    private final QueueWriter queues;
    private final ObjectMapper json;

    private final ExchangeMetrics metrics;

    public Dispatcher(ConnectorRegistry registry, DispatchStore dispatches, QueueWriter queues, ObjectMapper json,
                      ExchangeMetrics metrics) {
        this.metrics = metrics;
        this.registry = registry;
        this.dispatches = dispatches;
        this.queues = queues;
        this.json = json;
    }

    /** The queue a department's dispatches wait on. */
    public static String outbound(String department) {
        return "hub.outbound." + department;
    }

    /**
     * Queues a case (the Case JSON, with its supervision code) for a department's first target. Durable
     * when this returns.
     *
     * @throws IllegalArgumentException when the department is not active or has no target
     */
    public void enqueue(String department, JsonNode caseJson) {
        ConnectorFile file = registry.department(department)
                .orElseThrow(() -> new IllegalArgumentException("department " + department + " is not active"));
        if (file.targets().isEmpty()) {
            throw new IllegalArgumentException("department " + department + " has no target in its connector file");
        }
        String target = file.targets().get(0).name();
        String code = caseJson.path("supervisionCode").asText();
        // recorded first, so that a fast consumer's SENT is never overwritten by this QUEUED; a case already
        // SENT stays SENT, and the dispatch route takes this copy off the queue without a call
        dispatches.recordQueued(code, department, target);
        queues.send(outbound(department), List.of(new QueueWriter.Outgoing(caseJson.toString(),
                Map.of(ExchangeQueues.DEPARTMENT, department, TARGET, target, SUPERVISION_CODE, code))));
    }

    /** Hands one queued case to its target; called by the department's dispatch route in its JMS transaction. */
    public OutboundTarget.Reply dispatch(Exchange exchange) throws IOException {
        Message in = exchange.getMessage();
        String department = in.getHeader(ExchangeQueues.DEPARTMENT, String.class);
        String targetName = in.getHeader(TARGET, String.class);
        String code = in.getHeader(SUPERVISION_CODE, String.class);
        Integer delivery = in.getHeader("JMSXDeliveryCount", Integer.class);
        int attempts = delivery == null ? 1 : delivery;
        // A case reaches a department once: a second message for it (a dispatch queued again after the hub
        // stopped between store and queue) finds it SENT and is taken off the queue without a call.
        DispatchStore.Dispatch known = dispatches.find(code, department).orElse(null);
        if (known != null && known.state() == State.SENT) {
            return new OutboundTarget.Reply(known.departmentCaseNo(), "already sent");
        }
        OutboundTarget target = registry.target(department, targetName).orElse(null);
        if (target == null) {
            String reason = "department " + department + " has no running target " + targetName;
            dispatches.record(code, department, String.valueOf(targetName), State.REJECTED, null, attempts, reason);
            metrics.dispatched(department, State.REJECTED.name());
            throw new OutboundTarget.Rejected(reason);
        }
        try {
            OutboundTarget.Reply reply = target.send(json.readTree(in.getBody(String.class)));
            dispatches.record(code, department, targetName, State.SENT, reply.departmentCaseNo(), attempts, null);
            metrics.dispatched(department, State.SENT.name());
            return reply;
        } catch (OutboundTarget.Rejected e) {
            dispatches.record(code, department, targetName, State.REJECTED, null, attempts, e.getMessage());
            metrics.dispatched(department, State.REJECTED.name());
            throw e;
        } catch (OutboundTarget.Unavailable e) {
            State state = attempts >= DELIVERY_BUDGET ? State.FAILED : State.RETRYING;
            dispatches.record(code, department, targetName, state, null, attempts, e.getMessage());
            metrics.dispatched(department, state.name());
            throw e;
        }
    }
}
