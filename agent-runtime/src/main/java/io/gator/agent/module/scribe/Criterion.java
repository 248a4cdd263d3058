package io.gator.agent.module.scribe;

/** One value an object offers its tests, and where it came from (scribe's evaluation criteria). */
record Criterion(String identifier, String value) {}
