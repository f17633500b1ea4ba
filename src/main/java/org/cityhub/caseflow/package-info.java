/**
 * The unified case: its lifecycle, its supervision code and the JSON document the hub stores and serves.
 * Uses nothing of the other capabilities.
 */
package org.cityhub.caseflow;
