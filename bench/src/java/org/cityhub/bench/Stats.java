package org.cityhub.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Several measured values of one figure: median with min–max spread. */
public final class Stats {

    private final List<Double> values = new ArrayList<>();

    public Stats add(double v) {
        values.add(v);
        return this;
    }

    public int count() {
        return values.size();
    }

    public double median() {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = sorted();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    public double min() {
        return values.isEmpty() ? Double.NaN : sorted().get(0);
    }

    public double max() {
        return values.isEmpty() ? Double.NaN : sorted().get(values.size() - 1);
    }

    public List<Double> values() {
        return List.copyOf(values);
    }

    private List<Double> sorted() {
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        return s;
    }

    /** "median (min–max, n=3)" with the given number of decimals. */
    public String format(int decimals) {
        if (values.isEmpty()) {
            return "n/a";
        }
        String f = "%." + decimals + "f";
        return String.format(Locale.ROOT, f + " (" + f + "–" + f + ", n=%d)", median(), min(), max(), values.size());
    }

    /** Percentile (0..100) of sorted nanosecond latencies, in milliseconds. */
    public static double percentileMillis(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, i))] / 1e6;
    }
}
