/**
 * The mapping engine: turns a legacy record (as JSON) into a unified case with the department's
 * JSONata mapping and code tables, normalises legacy dates and identifiers, and validates the result
 * against the Case JSON Schema.
 */
package org.cityhub.mapping;
