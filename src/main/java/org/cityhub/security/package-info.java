/**
 * Who may see and do what: the hub's clients (machines with API keys, people with a console login), their
 * roles (platform, ops, integrator, auditor, department) and department scope (city, district, department),
 * the Spring Security filter chain that enforces them, and the access log auditors read.
 */
package org.cityhub.security;
