/**
 * The Maven goals {@code labtech:clear} and {@code labtech:list}, shipped in the same jar as the
 * test library. They work on a module's storage through {@link dev.labtech.Lab}, so a custom
 * storage works with them too.
 */
package dev.labtech.maven;
