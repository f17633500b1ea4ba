/**
 * Electronic supervision (电子监察): the working-day calendar kept as data, the supervision lights of each
 * case (GREEN, YELLOW from 90% of the committed limit, RED when overdue) kept current as cases change and
 * as time passes, and the statistics per department.
 */
package org.cityhub.supervision;
