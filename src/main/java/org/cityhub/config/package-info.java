/** Typed configuration of the hub ({@code cityhub.*}). */
package org.cityhub.config;
