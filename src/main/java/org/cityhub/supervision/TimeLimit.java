package org.cityhub.supervision;

/** A committed time limit (承诺办结时限): so many working days (工作日) or calendar days (自然日). */
public record TimeLimit(int value, Unit unit) {

    public enum Unit { WORKING_DAY, CALENDAR_DAY }

    public TimeLimit {
        if (value < 0) {
            throw new IllegalArgumentException("a time limit is not negative: " + value);
        }
    }
}
