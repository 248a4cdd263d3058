package io.gator.core.target;

/** What an operand holds; decides which literals and operators it accepts. */
public enum ValueType { TEXT, NUMBER, TIME }
