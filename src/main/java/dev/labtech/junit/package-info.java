/**
 * JUnit Jupiter integration: the {@link dev.labtech.junit.LabtechCached} annotation and the
 * extension that injects fixture proxies into tests.
 */
package dev.labtech.junit;
