/**
 * Implementation details of labtech-junit. Nothing here is public API: it may change in any
 * release without notice. Do not depend on it.
 */
package dev.labtech.internal;
