package io.gator.persistence.schema;

import io.gator.persistence.Dialect;
import io.gator.persistence.PersistenceException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates every table Gator needs, idempotently: the journal, tag, snapshot and durable-state tables
 * from the DDL pekko-persistence-jdbc ships in its jar (made idempotent here), the offset tables of
 * pekko-projection-jdbc, and Gator's read tables. Run by {@code gator db init} or at start when
 * {@code gator.persistence.init-schema-on-start} is on. Safe to apply any number of times.
 */
public final class SchemaInit {
    private static final Logger log = LoggerFactory.getLogger(SchemaInit.class);

    private SchemaInit() {}

    /** Applies the whole schema; returns the statements it ran. */
    public static List<String> apply(DataSource ds, Dialect dialect) {
        List<String> statements = statements(dialect);
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(true);
            for (String sql : statements) {
                try {
                    st.execute(sql);
                } catch (SQLException e) {
                    throw new PersistenceException("schema statement failed: " + firstLine(sql), e);
                }
            }
        } catch (SQLException e) {
            throw new PersistenceException("cannot open a connection to create the schema", e);
        }
        log.info("schema applied ({} statements, {})", statements.size(), dialect);
        return statements;
    }

    /** Every statement, in order. */
    public static List<String> statements(Dialect dialect) {
        List<String> out = new ArrayList<>(journalDdl(dialect));
        out.addAll(split(projectionDdl(dialect)));
        out.addAll(split(gatorDdl(dialect)));
        out.addAll(split(cosignDdl(dialect)));
        out.addAll(split(loaderDdl(dialect)));
        // compiled targets need their H2 helper function (PostgreSQL has ->> natively)
        out.addAll(dialect == Dialect.H2 ? io.gator.core.target.SqlDialect.H2.setupStatements()
                : io.gator.core.target.SqlDialect.POSTGRESQL.setupStatements());
        return out;
    }

    /** pekko-persistence-jdbc's own DDL, with every CREATE made conditional. */
    static List<String> journalDdl(Dialect dialect) {
        String resource = dialect == Dialect.POSTGRES
                ? "schema/postgres/postgres-create-schema.sql" : "schema/h2/h2-create-schema.sql";
        String ddl = resource(resource)
                // CONCURRENTLY cannot run inside a transaction and buys nothing on an empty table
                .replace("CREATE INDEX CONCURRENTLY ", "CREATE INDEX ")
                .replaceAll("(?i)CREATE (UNIQUE )?INDEX (?!IF NOT EXISTS)", "CREATE $1INDEX IF NOT EXISTS ");
        return split(ddl);
    }

    /** The offset and management tables of pekko-projection-jdbc (table names from its reference.conf). */
    static String projectionDdl(Dialect dialect) {
        String ddl = projectionDdl();
        if (dialect != Dialect.H2) {
            return ddl;
        }
        // pekko-projection-jdbc's H2 dialect quotes its (lower case) names; unquoted H2 names are upper case
        for (String id : List.of("pekko_projection_offset_store", "pekko_projection_management", "projection_name_index",
                "projection_name", "projection_key", "current_offset", "manifest", "mergeable", "last_updated", "paused")) {
            ddl = ddl.replaceAll("\\b" + id + "\\b", "\"" + id + "\"");
        }
        return ddl;
    }

    static String projectionDdl() {
        return """
            CREATE TABLE IF NOT EXISTS pekko_projection_offset_store (
              projection_name VARCHAR(255) NOT NULL,
              projection_key VARCHAR(255) NOT NULL,
              current_offset VARCHAR(255) NOT NULL,
              manifest VARCHAR(4) NOT NULL,
              mergeable BOOLEAN NOT NULL,
              last_updated BIGINT NOT NULL,
              PRIMARY KEY(projection_name, projection_key)
            );
            CREATE INDEX IF NOT EXISTS projection_name_index ON pekko_projection_offset_store (projection_name);
            CREATE TABLE IF NOT EXISTS pekko_projection_management (
              projection_name VARCHAR(255) NOT NULL,
              projection_key VARCHAR(255) NOT NULL,
              paused BOOLEAN NOT NULL,
              last_updated BIGINT NOT NULL,
              PRIMARY KEY(projection_name, projection_key)
            );
            """;
    }

    /** Gator's read tables. JSON columns are JSONB on PostgreSQL, text on H2. */
    static String gatorDdl(Dialect dialect) {
        String json = dialect == Dialect.POSTGRES ? "JSONB" : "CLOB";
        String ts = "TIMESTAMP WITH TIME ZONE";
        return """
            CREATE TABLE IF NOT EXISTS agents (
              id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
              name VARCHAR(2048) NOT NULL,
              queueloc VARCHAR(2048) NOT NULL,
              mode VARCHAR(64) NOT NULL DEFAULT '',
              version VARCHAR(255) NOT NULL DEFAULT '',
              pid INTEGER NOT NULL DEFAULT 0,
              loadername VARCHAR(2048) NOT NULL DEFAULT '',
              status VARCHAR(64) NOT NULL DEFAULT 'online',
              starttime %2$s,
              heartbeattime %2$s NOT NULL,
              refreshtime %2$s,
              destructiontime %2$s,
              environment %1$s,
              tags %1$s,
              firstseen %2$s NOT NULL,
              lastseen %2$s NOT NULL,
              CONSTRAINT agents_queueloc_unique UNIQUE (queueloc)
            );
            CREATE INDEX IF NOT EXISTS agents_status_idx ON agents (status);
            CREATE INDEX IF NOT EXISTS agents_heartbeattime_idx ON agents (heartbeattime);
            ALTER TABLE agents ADD COLUMN IF NOT EXISTS relayed BOOLEAN NOT NULL DEFAULT FALSE;
            CREATE TABLE IF NOT EXISTS actions (
              id BIGINT PRIMARY KEY,
              name VARCHAR(2048) NOT NULL,
              target VARCHAR(8192) NOT NULL,
              status VARCHAR(64) NOT NULL,
              action %1$s NOT NULL,
              sent INTEGER NOT NULL DEFAULT 0,
              done INTEGER NOT NULL DEFAULT 0,
              inflight INTEGER NOT NULL DEFAULT 0,
              success INTEGER NOT NULL DEFAULT 0,
              failed INTEGER NOT NULL DEFAULT 0,
              timeout INTEGER NOT NULL DEFAULT 0,
              expired INTEGER NOT NULL DEFAULT 0,
              cancelled INTEGER NOT NULL DEFAULT 0,
              validfrom %2$s NOT NULL,
              expireafter %2$s NOT NULL,
              starttime %2$s,
              finishtime %2$s,
              lastupdatetime %2$s NOT NULL
            );
            CREATE INDEX IF NOT EXISTS actions_status_idx ON actions (status);
            CREATE TABLE IF NOT EXISTS commands (
              id BIGINT PRIMARY KEY,
              actionid BIGINT NOT NULL,
              agentid BIGINT NOT NULL,
              agentname VARCHAR(2048) NOT NULL,
              queueloc VARCHAR(2048) NOT NULL,
              status VARCHAR(64) NOT NULL,
              results %1$s,
              starttime %2$s,
              finishtime %2$s
            );
            CREATE INDEX IF NOT EXISTS commands_actionid_idx ON commands (actionid);
            CREATE INDEX IF NOT EXISTS commands_agentid_idx ON commands (agentid);
            CREATE TABLE IF NOT EXISTS investigators (
              id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
              name VARCHAR(1024) NOT NULL,
              pgpfingerprint VARCHAR(128) NOT NULL,
              publickey VARCHAR(65536) NOT NULL,
              status VARCHAR(64) NOT NULL,
              permissions %1$s NOT NULL,
              apikeyhash VARCHAR(512),
              createdat %2$s NOT NULL,
              lastmodified %2$s NOT NULL,
              CONSTRAINT investigators_fingerprint_unique UNIQUE (pgpfingerprint)
            );
            CREATE INDEX IF NOT EXISTS agents_name_idx ON agents (name);
            CREATE TABLE IF NOT EXISTS scheduler_key (
              id INTEGER PRIMARY KEY,
              name VARCHAR(1024) NOT NULL,
              pgpfingerprint VARCHAR(128) NOT NULL,
              publickey VARCHAR(65536) NOT NULL,
              privatekey VARCHAR(65536) NOT NULL,
              createdat %2$s NOT NULL,
              CONSTRAINT scheduler_key_single CHECK (id = 1)
            );
            CREATE TABLE IF NOT EXISTS agent_kills (
              queueloc VARCHAR(2048) NOT NULL,
              pid INTEGER NOT NULL,
              agentname VARCHAR(2048) NOT NULL,
              actionid BIGINT NOT NULL,
              action VARCHAR(65536) NOT NULL,
              created BOOLEAN NOT NULL DEFAULT FALSE,
              issuedat %2$s NOT NULL,
              PRIMARY KEY (queueloc, pid)
            );
            CREATE TABLE IF NOT EXISTS agents_stats (
              id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
              computedat %2$s NOT NULL,
              onlineagents INTEGER NOT NULL,
              onlineagentsbyversion %1$s NOT NULL,
              onlineendpoints INTEGER NOT NULL,
              idleagents INTEGER NOT NULL,
              idleagentsbyversion %1$s NOT NULL,
              idleendpoints INTEGER NOT NULL,
              newendpoints INTEGER NOT NULL,
              multiagentsendpoints INTEGER NOT NULL,
              disappearedendpoints INTEGER NOT NULL,
              flappingendpoints INTEGER NOT NULL
            );
            CREATE INDEX IF NOT EXISTS agents_stats_computedat_idx ON agents_stats (computedat);
            """.formatted(json, ts);
    }

    /** Actions awaiting co-signatures (api-gateway's io.gator.api.cosign): the record as JSON, its status and version. */
    static String cosignDdl(Dialect dialect) {
        String text = dialect == Dialect.POSTGRES ? "TEXT" : "CLOB";
        return """
            CREATE TABLE IF NOT EXISTS cosign_pending (
              id BIGINT PRIMARY KEY,
              status VARCHAR(64) NOT NULL,
              createdat TIMESTAMP WITH TIME ZONE NOT NULL,
              version BIGINT NOT NULL,
              doc %s NOT NULL
            );
            CREATE INDEX IF NOT EXISTS cosign_pending_status_idx ON cosign_pending (status);
            """.formatted(text);
    }

    /**
     * MIG's loader entries, manifests and manifest signatures (api-gateway's io.gator.api.loader). A loader key is
     * stored as MIG stores it: the 8-character prefix in clear for lookup, the 32-character secret as
     * PBKDF2-HMAC-SHA256 (hex) with its salt. The environment column is named {@code environment} (MIG: env) so
     * that compiled targets ({@code TargetTable.LOADERS}) read it as the agents table's; manifest content is the
     * base64 of the tar.gz, as MIG stores it.
     */
    static String loaderDdl(Dialect dialect) {
        String json = dialect == Dialect.POSTGRES ? "JSONB" : "CLOB";
        String text = dialect == Dialect.POSTGRES ? "TEXT" : "CLOB";
        return """
            CREATE TABLE IF NOT EXISTS loaders (
              id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
              loadername VARCHAR(256) NOT NULL,
              keyprefix VARCHAR(8) NOT NULL,
              keyhash VARCHAR(64) NOT NULL,
              keysalt VARCHAR(32) NOT NULL,
              name VARCHAR(2048) NOT NULL DEFAULT '',
              environment %1$s,
              tags %1$s,
              queueloc VARCHAR(2048) NOT NULL DEFAULT '',
              lastseen TIMESTAMP WITH TIME ZONE NOT NULL,
              enabled BOOLEAN NOT NULL DEFAULT FALSE,
              expectenv VARCHAR(2048) NOT NULL DEFAULT '',
              CONSTRAINT loaders_loadername_unique UNIQUE (loadername),
              CONSTRAINT loaders_keyprefix_unique UNIQUE (keyprefix)
            );
            CREATE TABLE IF NOT EXISTS manifests (
              id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
              name VARCHAR(256) NOT NULL,
              content %2$s NOT NULL,
              timestamp TIMESTAMP WITH TIME ZONE NOT NULL,
              status VARCHAR(16) NOT NULL,
              target VARCHAR(2048) NOT NULL
            );
            CREATE INDEX IF NOT EXISTS manifests_status_idx ON manifests (status);
            CREATE TABLE IF NOT EXISTS manifest_signatures (
              manifestid BIGINT NOT NULL,
              investigatorid BIGINT NOT NULL,
              signature VARCHAR(4096) NOT NULL,
              signedat TIMESTAMP WITH TIME ZONE NOT NULL,
              PRIMARY KEY (manifestid, investigatorid)
            );
            """.formatted(json, text);
    }

    static List<String> split(String ddl) {
        List<String> out = new ArrayList<>();
        for (String s : ddl.split(";")) {
            String t = s.strip();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    private static String resource(String name) {
        try (InputStream in = SchemaInit.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("pekko-persistence-jdbc DDL not on the classpath: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + name, e);
        }
    }

    private static String firstLine(String sql) {
        int nl = sql.indexOf('\n');
        return nl < 0 ? sql : sql.substring(0, nl);
    }
}
