package org.cityhub.connector;

import java.util.List;

/**
 * A capability outside this package that runs something per department from its connector file, such as
 * the call-outs. The registry installs every extension after a department's sources and targets; a
 * refusal makes the department INVALID like any other broken part of its file, and what was already
 * started for it is removed again. Extensions never learn of the registry, so nothing here depends on them.
 */
public interface DepartmentExtension {

    /**
     * Starts this capability's routes for a department being activated.
     *
     * @return ids of the routes it started
     * @throws IllegalArgumentException with {@code <field path>: <reason>} when the file cannot work
     */
    List<String> install(ConnectorFile file);

    /** Stops and forgets what {@link #install} started for the department (rollback or shutdown). */
    void uninstall(String department);
}
