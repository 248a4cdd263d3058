/**
 * Gator persistence: journal wiring by dialect ({@code PersistenceConfig}), the idempotent schema
 * ({@code schema.SchemaInit}), repositories for agents, investigators and the action/command and standing order read tables,
 * the projection session, and journal inspection ({@code journal.ActionJournal}).
 */
package io.gator.persistence;
