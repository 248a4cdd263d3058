/**
 * The standalone mode's embedded AMQP 0-9-1 broker (Apache Qpid Broker-J 9.2.1), so the real
 * AMQP relay runs with no external server. Two traps: Qpid reads
 * the {@code expiration} property as an absolute epoch time, and 25672 is RabbitMQ's inter-node
 * port. A third: Qpid's housekeeping threads halt the JVM ({@code Runtime.halt(1)}) when a task
 * throws and no default uncaught-exception handler is set.
 */
package io.gator.platform.broker;
