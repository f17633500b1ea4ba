/**
 * Personal data (个人信息): masking of resident id numbers, phone numbers and natural persons' names in case
 * documents, log lines and error messages. Depends on nothing else of the hub, so that every capability
 * (mapping errors, connectors, the API) can mask with the same rules.
 */
package org.cityhub.privacy;
