package org.cityhub.supervision;

/**
 * The statistics of one department and period, as docs/supervision.md defines them. Received counts cases
 * whose application was submitted in the period, completed those completed (办结) in it.
 */
public final class Statistics {

    private Statistics() {
    }

    /**
     * Raw counts of one department and period.
     *
     * @param received               cases submitted (application.submittedAt) in the period
     * @param receivedChannelKnown   of those, with application.channel given
     * @param receivedOnline         of those, applied online (办理形式代码 2 电脑端 or 3 移动端)
     * @param completed              cases completed (completion.completedAt, closed) in the period
     * @param completedOnTime        of those, completed before their deadline
     * @param completedLate          of those, completed at or after their deadline
     * @param averageHandlingDays    mean working days of the completed cases that were accepted
     * @param handlingDaysKnown      how many cases that mean is over
     * @param completedChannelKnown  completed cases with application.channel given
     * @param completedOnline        completed cases applied online
     * @param completedDeliveryKnown completed cases with channel and completion.delivered given
     * @param completedOnlineDelivered completed cases applied online whose result was sent by post (delivered)
     */
    public record Counts(String department, long received, long receivedChannelKnown, long receivedOnline, long completed,
                         long completedOnTime, long completedLate, Double averageHandlingDays, long handlingDaysKnown,
                         long completedChannelKnown, long completedOnline, long completedDeliveryKnown,
                         long completedOnlineDelivered) {
    }

    /**
     * A rate with what it is made of.
     *
     * @param value   numerator / denominator, rounded to 4 decimals; null when the data does not allow it
     * @param missing why the value is null; null when it is not
     */
    public record Rate(Double value, long numerator, long denominator, String missing) {

        static Rate of(long numerator, long denominator, String missingWhenNoDenominator) {
            if (denominator == 0) {
                return new Rate(null, numerator, denominator, missingWhenNoDenominator);
            }
            return new Rate(Math.round(numerator * 10_000.0 / denominator) / 10_000.0, numerator, denominator, null);
        }
    }

    /** 网上办理率: received cases applied online over received cases whose channel is known. */
    public static Rate onlineHandlingRate(Counts c) {
        return Rate.of(c.receivedOnline(), c.receivedChannelKnown(), c.received() == 0
                ? "no case was received in the period"
                : "none of the period's received cases gives application.channel (办理形式代码)");
    }

    /** 网上办结率: completed cases that were applied online over completed cases whose channel is known. */
    public static Rate onlineCompletionRate(Counts c) {
        return Rate.of(c.completedOnline(), c.completedChannelKnown(), c.completed() == 0
                ? "no case was completed in the period"
                : "none of the period's completed cases gives application.channel (办理形式代码)");
    }

    /**
     * 网上全程办理率: completed cases applied online and whose result was sent by post (no visit to collect
     * it) over completed cases with both channel and completion.delivered known.
     */
    public static Rate onlineFullProcessRate(Counts c) {
        return Rate.of(c.completedOnlineDelivered(), c.completedDeliveryKnown(), c.completed() == 0
                ? "no case was completed in the period"
                : "none of the period's completed cases gives both application.channel and completion.delivered (是否快递)");
    }
}
