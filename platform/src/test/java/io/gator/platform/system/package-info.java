/**
 * Whole-system tests: every Gator role as its own JVM process on 127.0.0.1 (three scheduler nodes, one API
 * node, fleet simulators of 1,000 agents in all), real PostgreSQL and RabbitMQ, each test class on its own
 * throw-away database and vhost ({@link io.gator.platform.system.SystemPlatform}).
 *
 * <p>They live in the platform module, after every other module in the reactor, because the platform is
 * what assembles the roles ({@code GatorMain}) and already depends on all of them and on the CLI: the child
 * JVMs run {@code io.gator.platform.GatorMain} from this test JVM's class path, so {@code mvn verify} (and
 * {@code .ci/run}) runs them in the test phase without building the shaded jar first, and no new module is
 * needed. Node logs are under {@code platform/target/system-tests/<test>-<time>/}; a failing test prints them.
 *
 * <ul>
 *   <li>{@code ClusterOutagesSystemTest}: plain run, RabbitMQ connections closed, PostgreSQL database cut
 *       off, owner node SIGKILLed, each mid-action;</li>
 *   <li>{@code DeadAgentSystemTest}: agents SIGKILLed inside a command expire, the others answer once;</li>
 *   <li>{@code SoakSystemTest}: 50 actions in a row, heap and queue bounds ({@code bin/soak} runs it alone).</li>
 *   <li>{@code PoisonInputSystemTest}: NUL, invalid UTF-8, 1 MB values, extreme numbers and times and every size
 *       limit one byte over, through the API and onto the results, heartbeat and agent queues (one scheduler+API
 *       node, a real agent with config/agent.jvm, a small fleet); then a file search with exact counters.</li>
 * </ul>
 */
package io.gator.platform.system;
