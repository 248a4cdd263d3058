package io.gator.agent.module.echo;

/** The test-only echo module's parameters: the text to answer with. */
public record EchoParameters(String text) {}
