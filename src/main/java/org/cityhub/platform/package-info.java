/**
 * The platform pull API ({@code /api/v1}), contract-first: {@code static/contract/openapi.yaml} is the
 * contract, these controllers implement it. Errors are RFC 9457 problem details.
 */
package org.cityhub.platform;
