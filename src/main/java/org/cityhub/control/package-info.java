/**
 * Connector control for operators: the state of every connector (running, paused, degraded, invalid),
 * its last successful poll, watermark, lag and last error; pause, resume and re-sync, each audited; and
 * the validation of a connector file and its mappings' golden fixtures without applying anything.
 */
package org.cityhub.control;
