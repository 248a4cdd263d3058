/**
 * MIG target expressions: the SQL-like filter an action carries to choose its agents
 * ({@code status='online' AND environment->>'os'='linux'}).
 *
 * <p>MIG pastes the string into SQL. Gator parses it ({@link io.gator.core.target.Target#parse}) into a
 * tree of whitelisted columns, operators and literals, then compiles the tree to parameterized SQL
 * ({@link io.gator.core.target.Target#toSql}: values are always {@code ?} parameters, column names come
 * only from {@link io.gator.core.target.Column} and {@link io.gator.core.target.JsonDoc}) or to an
 * in-memory predicate over {@link io.gator.core.agent.Agent} with the same meaning. Anything else
 * (sub-selects, {@code ;}, comments, function calls other than {@code NOW()}, unknown columns or
 * environment keys) is a {@link io.gator.core.target.TargetSyntaxException} naming the position.
 *
 * <h2>Grammar</h2>
 * Keywords are case-insensitive. {@code all} alone is {@code status = 'online'}.
 * <pre>
 * target    := 'all' | or
 * or        := and ('OR' and)*
 * and       := not ('AND' not)*
 * not       := 'NOT' not | '(' or ')' | 'TRUE' | 'FALSE' | predicate
 * predicate := operand ('=' | '!=' | '&lt;&gt;' | '&lt;' | '&lt;=' | '&gt;' | '&gt;=') value
 *            | operand ['NOT'] ('LIKE' | 'ILIKE') string
 *            | operand ('~' | '~*' | '!~' | '!~*') string
 *            | operand ['NOT'] 'IN' '(' value (',' value)* ')'
 *            | operand 'IS' ['NOT'] 'NULL'
 * operand   := id | name | queueloc | mode | version | pid | status | starttime
 *            | heartbeattime | heartbeatts | destructiontime
 *            | ('environment' | 'tags') ('-&gt;&gt;' string | '#&gt;&gt;' '{key}')
 * value     := string | ['-'] number | 'TRUE' | 'FALSE'
 *            | 'NOW' '(' ')' (('-' | '+') 'INTERVAL' '&lt;n&gt; second[s]|minute[s]|hour[s]|day[s]')*
 * </pre>
 * Values are checked against the operand: text operands take strings ({@code true}/{@code false} become
 * {@code 'true'}/{@code 'false'}); {@code id} and {@code pid} take numbers (a quoted number is accepted);
 * time columns take {@code NOW()} expressions or quoted timestamps ({@code '2026-11-23T07:00:00Z'},
 * {@code '2026-11-23 07:00:00+00'}, {@code '2026-11-23'}; no offset means UTC). LIKE, ILIKE and the regex
 * operators need a text operand. Environment keys are limited to {@code init, ident, os, arch, isproxied,
 * proxy, publicip, addresses, modules}; tag keys to {@code [A-Za-z0-9_.-]+}. LIKE patterns use {@code %},
 * {@code _} and a backslash escape; regexes are searched (unanchored) and must compile as Java regexes.
 * Limits: {@code gator.core.target.max-length} (4096 characters) and {@code max-depth} (64 nested
 * parentheses/NOT).
 *
 * <h2>Schema contract for the {@code agents} table</h2>
 * Compiled SQL names these columns, unqualified (or {@code alias.column} with
 * {@link io.gator.core.target.Target#toSql(SqlDialect, java.time.Clock, String)} for joins); other columns may exist. All are NOT NULL and hold
 * the record's Go zero values ({@code ''}, {@code 0}, {@link io.gator.core.json.MigTime#ZERO}) rather than
 * NULL, as the in-memory predicate sees them:
 * <pre>
 * column           PostgreSQL    H2                          from Agent
 * id               BIGINT        BIGINT                      id()
 * name             TEXT          CHARACTER VARYING           name()
 * queueloc         TEXT          CHARACTER VARYING           queueLoc()
 * mode             TEXT          CHARACTER VARYING           mode()
 * version          TEXT          CHARACTER VARYING           version()
 * pid              BIGINT        BIGINT                      pid()
 * status           TEXT          CHARACTER VARYING           status()
 * starttime        TIMESTAMPTZ   TIMESTAMP WITH TIME ZONE    startTime()
 * heartbeattime    TIMESTAMPTZ   TIMESTAMP WITH TIME ZONE    heartbeatTs()
 * destructiontime  TIMESTAMPTZ   TIMESTAMP WITH TIME ZONE    destructionTime()
 * environment      JSONB         CHARACTER VARYING or CLOB   MigJson of environment() (empty fields omitted)
 * tags             JSONB         CHARACTER VARYING or CLOB   JSON object of tags(); '{}' or NULL when none
 * </pre>
 * {@code environment} must be exactly {@code MigJson.mapper().writeValueAsString(agent.environment())}, so
 * that an empty field is an absent key (NULL in a target) and {@code isproxied} is always present.
 * In PostgreSQL the JSON columns must be JSONB (not JSON): {@code environment->>'addresses'} then reads
 * {@code ["192.0.2.2/24", "fd00::2/64"]}, the text the in-memory predicate produces.
 * In H2 the JSON columns hold the JSON text in a character column (not H2's JSON type), and
 * {@link io.gator.core.target.SqlDialect#setupStatements()} must be run once per database: it declares
 * {@code GATOR_JSON_TEXT(json, key)} ({@link io.gator.core.target.H2JsonFunctions}), which H2 targets call
 * in place of {@code ->>} and which returns the same text as PostgreSQL's {@code jsonb ->>}.
 *
 * <h2>Dialect differences</h2>
 * PostgreSQL: {@code (environment->>?)}, {@code ILIKE}, {@code ~ ~* !~ !~*}, and {@code COLLATE ucs_basic}
 * on text ordering comparisons (code-point order, as Java and H2). H2: {@code GATOR_JSON_TEXT(environment, ?)},
 * {@code LOWER(x) LIKE LOWER(?)} for ILIKE, {@code REGEXP_LIKE(x, ?[, 'i'])} for regexes. {@code NOW()} is
 * computed in Java from the injected clock, truncated to microseconds, and bound as an
 * {@link java.time.OffsetDateTime}. In memory a regex search that backtracks past a fixed budget (a million
 * character reads) is cut off and counts as unknown (no match), logged as a warning. Known gaps: PostgreSQL regexes (ARE) and Java regexes differ in rare
 * constructs; agent times with nanoseconds are compared exactly in memory but stored to microseconds.
 */
package io.gator.core.target;
