/**
 * MIG's investigation modules as shared definitions: parameter records with validation, result element
 * records and CLI printers. The runners live in the agent ({@code io.gator.agent.module}).
 */
package io.gator.core.module;
