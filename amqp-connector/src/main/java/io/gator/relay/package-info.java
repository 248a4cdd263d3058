/**
 * The relay port: how commands reach agents and how results and heartbeats reach schedulers,
 * with MIG's AMQP topology. {@link io.gator.relay.Relay} is the port; {@code relay.amqp}
 * implements it on RabbitMQ's amqp-client (the one package to swap for Pekko Connectors AMQP).
 * The in-JVM broker for tests, {@code relay.local.LocalRelay}, is in this module's test-jar.
 */
package io.gator.relay;
