package org.cityhub.supervision;

import java.nio.file.Path;

/** A calendar file the hub cannot use: names the file, the entry and what was expected. */
public class CalendarFileException extends RuntimeException {

    private final transient Path file;
    private final String entry;

    public CalendarFileException(Path file, String entry, String problem) {
        super(file + (entry == null ? "" : ", " + entry) + ": " + problem);
        this.file = file;
        this.entry = entry;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }

    /** The entry at fault (e.g. {@code holidays[2].to}), or null for the file as a whole. */
    public String entry() {
        return entry;
    }
}
