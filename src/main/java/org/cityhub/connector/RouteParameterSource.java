package org.cityhub.connector;

import java.util.Map;

/**
 * A source that resolves some of its route template's parameters itself (a folder made absolute
 * against the hub home, say) instead of passing the connector file's text through.
 */
interface RouteParameterSource {

    /** Template parameters that replace the connector file's values of the same name. */
    Map<String, String> routeParameters();
}
