-- Least-privilege PostgreSQL roles for Gator.
--
-- Run as the owner of Gator's tables (or a superuser), in Gator's database, AFTER the schema
-- exists (`bin/gator db`), and again after any schema change:
--     psql -v ON_ERROR_STOP=1 -d gator -f config/postgresql/roles.sql
-- It is idempotent: roles are created when missing, grants are repeated, and every GRANT is
-- skipped for a table or sequence that does not exist (so one file serves every schema version).
-- It sets no password. Set them afterwards, interactively, so they stay out of files and history:
--     psql -d gator -c '\password gator_scheduler'      (and gator_api)
-- and give them to the nodes through GATOR_DB_PASSWORD (config/systemd/).
--
-- Who may do what:
--   gator_scheduler  appends to the event journal, writes snapshots and projection offsets,
--                    writes the read tables actions, commands and agents (target resolution,
--                    legacy AMQP heartbeats, the status job). Reads nothing else.
--   gator_api        reads the read tables and the journal (`mig events`); writes only
--                    investigators, agents (HTTP heartbeats), loaders and manifests. It cannot touch the journal,
--                    so an API node cannot rewrite an action's history.
-- Neither role may create or drop anything: schema changes run as the owner.

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'gator_scheduler') THEN
    CREATE ROLE gator_scheduler LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'gator_api') THEN
    CREATE ROLE gator_api LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;
  END IF;
END
$$;

-- Nobody else gets anything by default in this database.
REVOKE ALL ON SCHEMA public FROM PUBLIC;

DO $$
DECLARE
  grants text[][] := ARRAY[
    -- {table, privileges, role}
    -- pekko-persistence-jdbc: the journal is append-only for Gator (no event deletion is configured);
    -- snapshots are replaced and pruned (snapshots-kept), hence UPDATE and DELETE there.
    ['event_journal',                 'SELECT, INSERT',                 'gator_scheduler'],
    ['event_tag',                     'SELECT, INSERT',                 'gator_scheduler'],
    ['snapshot',                      'SELECT, INSERT, UPDATE, DELETE', 'gator_scheduler'],
    -- pekko-projection-jdbc offsets (its default names, and the short names some configs use).
    ['pekko_projection_offset_store', 'SELECT, INSERT, UPDATE, DELETE', 'gator_scheduler'],
    ['pekko_projection_management',   'SELECT, INSERT, UPDATE, DELETE', 'gator_scheduler'],
    ['projection_offset_store',       'SELECT, INSERT, UPDATE, DELETE', 'gator_scheduler'],
    ['projection_management',         'SELECT, INSERT, UPDATE, DELETE', 'gator_scheduler'],
    -- Gator's read tables, written by the projection and the heartbeat intake.
    ['actions',                       'SELECT, INSERT, UPDATE',         'gator_scheduler'],
    ['commands',                      'SELECT, INSERT, UPDATE',         'gator_scheduler'],
    ['agents',                        'SELECT, INSERT, UPDATE',         'gator_scheduler'],

    ['actions',                       'SELECT',                         'gator_api'],
    ['commands',                      'SELECT',                         'gator_api'],
    ['agents',                        'SELECT, INSERT, UPDATE',         'gator_api'],
    ['investigators',                 'SELECT, INSERT, UPDATE',         'gator_api'],
    -- MIG's loaders and manifests, managed and served only through the API; a manifest reset deletes its signatures.
    ['loaders',                       'SELECT, INSERT, UPDATE',         'gator_api'],
    ['manifests',                     'SELECT, INSERT, UPDATE',         'gator_api'],
    ['manifest_signatures',           'SELECT, INSERT, DELETE',         'gator_api'],
    -- `mig events <action>` reads an action's journal through the API: read only.
    ['event_journal',                 'SELECT',                         'gator_api'],
    ['event_tag',                     'SELECT',                         'gator_api']
  ];
  seqs text[][] := ARRAY[
    -- {sequence, role}: BIGSERIAL/identity columns the role inserts into.
    ['event_journal_ordering_seq', 'gator_scheduler'],
    ['agents_id_seq',              'gator_scheduler'],
    ['agents_id_seq',              'gator_api'],
    ['investigators_id_seq',       'gator_api'],
    ['loaders_id_seq',             'gator_api'],
    ['manifests_id_seq',           'gator_api']
  ];
  i int;
BEGIN
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO gator_scheduler, gator_api', current_database());
  GRANT USAGE ON SCHEMA public TO gator_scheduler, gator_api;
  FOR i IN 1 .. array_length(grants, 1) LOOP
    IF to_regclass('public.' || quote_ident(grants[i][1])) IS NOT NULL THEN
      EXECUTE format('GRANT %s ON TABLE public.%I TO %I', grants[i][2], grants[i][1], grants[i][3]);
    ELSE
      RAISE NOTICE 'gator roles: no table %, grant to % skipped', grants[i][1], grants[i][3];
    END IF;
  END LOOP;
  FOR i IN 1 .. array_length(seqs, 1) LOOP
    IF to_regclass('public.' || quote_ident(seqs[i][1])) IS NOT NULL THEN
      EXECUTE format('GRANT USAGE, SELECT ON SEQUENCE public.%I TO %I', seqs[i][1], seqs[i][2]);
    END IF;
  END LOOP;
END
$$;
