package org.cityhub.security;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

import org.cityhub.store.DepartmentStore;

/**
 * Which departments a client sees, after the city's graded permission model (统一的权限管理体系, 分级管理):
 * the whole city; one or more districts (the departments whose connector file names that
 * {@code department.region}); or named departments.
 *
 * @param level the grade
 * @param codes the district region codes or department codes; empty for the city
 */
public record Scope(Level level, Set<String> codes) {

    /** The grades, widest first. */
    public enum Level { CITY, DISTRICT, DEPARTMENT }

    public static final Scope CITY = new Scope(Level.CITY, Set.of());

    private static final Pattern REGION = Pattern.compile("\\d{6}");
    private static final Pattern DEPARTMENT_CODE = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    /**
     * Parses {@code city}, {@code district:500102[,500103]} or {@code department:land[,drug]}.
     *
     * @throws IllegalArgumentException naming what was expected
     */
    public static Scope parse(String text) {
        if (text == null || text.isBlank() || text.strip().equals("city")) {
            return CITY;
        }
        String t = text.strip();
        int colon = t.indexOf(':');
        String kind = colon < 0 ? t : t.substring(0, colon);
        Set<String> codes = colon < 0 ? Set.of() : new LinkedHashSet<>(Arrays.stream(t.substring(colon + 1).split(","))
                .map(String::strip).filter(c -> !c.isEmpty()).toList());
        switch (kind) {
            case "district" -> {
                if (codes.isEmpty() || !codes.stream().allMatch(c -> REGION.matcher(c).matches())) {
                    throw new IllegalArgumentException("expected district:<6-digit region code>[,...], e.g. district:500102, got '" + t + "'");
                }
                return new Scope(Level.DISTRICT, Set.copyOf(codes));
            }
            case "department" -> {
                if (codes.isEmpty() || !codes.stream().allMatch(c -> DEPARTMENT_CODE.matcher(c).matches())) {
                    throw new IllegalArgumentException("expected department:<code>[,...], e.g. department:land, got '" + t + "'");
                }
                return new Scope(Level.DEPARTMENT, Set.copyOf(codes));
            }
            default -> throw new IllegalArgumentException("expected city, district:<region code>[,...] or department:<code>[,...], got '"
                    + t + "'");
        }
    }

    /** Whether a department is within this scope. */
    public boolean covers(DepartmentStore.Department d) {
        return switch (level) {
            case CITY -> true;
            case DISTRICT -> d.region() != null && codes.contains(d.region());
            case DEPARTMENT -> codes.contains(d.code());
        };
    }

    @Override
    public String toString() {
        return level == Level.CITY ? "city" : level.name().toLowerCase(java.util.Locale.ROOT) + ":" + String.join(",", codes);
    }
}
