/**
 * Call-outs (辅助系统融合): the platform asks a department's auxiliary system synchronously, through a
 * per-operation Camel route with a Resilience4j circuit breaker, timeout and concurrency limit; every
 * call is audited.
 */
package org.cityhub.callout;
