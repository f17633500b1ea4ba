/**
 * The ops console ({@code /console}): server-rendered pages for district ops staff, Chinese by default and
 * English with {@code ?lang=en}. It reads the hub through its capabilities' read-side beans (store,
 * onboarding, call-outs); every change an operator makes goes from the browser through the hub's public,
 * audited API, never through a bean call here (ArchitectureTest guards both).
 */
package org.cityhub.console;
