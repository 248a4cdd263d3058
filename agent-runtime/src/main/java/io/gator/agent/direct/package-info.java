/**
 * The agent's direct module mode ({@code gator agent -m MODULE [-p]}, MIG's {@code mig-agent -m}): one module run
 * on this host with its parameters on standard input and its result on standard output, without relay, keys or
 * ACL (the operator already has the host). {@code mig MODULE -t local} runs modules through it.
 */
package io.gator.agent.direct;
