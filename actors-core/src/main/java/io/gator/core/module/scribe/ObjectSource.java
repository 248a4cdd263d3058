package io.gator.core.module.scribe;

/** Where an object's values come from: one of scribe's five kinds of source. */
public sealed interface ObjectSource permits PackageSource, FileContentSource, FileNameSource, RawSource, HasLineSource {}
