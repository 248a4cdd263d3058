package io.gator.core.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.core.agent.Agent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Random and mutated targets: the only failure is a {@link TargetSyntaxException} (never another exception,
 * never a hang), and whatever parses compiles to SQL made only of whitelisted words, operators and
 * {@code ?} placeholders, evaluates in memory, and round-trips through its normalized text.
 */
class TargetFuzzTest {
    private static final List<String> SEEDS = TargetDatabaseTest.targets().toList();
    private static final List<String> SPLICES = List.of(";", "--", "/*", "*/", "'", "''", "\"", "(", ")", " OR 1=1",
            " OR name = name", " UNION SELECT ", "SELECT id FROM investigators", "DROP TABLE agents", "pg_sleep(10)",
            "NOW()", " - interval '5 minutes'", " + INTERVAL '2 days'", "->>", "#>>", "->", "\\", "%", "_", "~*",
            "!~", "<>", "!=", ">=", " IN (", ",", " IS NOT NULL", " NOT ", " AND ", " OR ", "environment->>'os'",
            "tags->>'x'", "tags#>>'{y}'", "\u0000", "\n", "\t", "é", "\uD83D\uDE00", "$1", "?", ":name", "E'\\x'",
            "$$", "::text", "||", "1e5", "-", "+", "9999999999999999999999", "'2026-11-23T07:00:00Z'", "true",
            "null", "all", "all ", "id", "pid", "heartbeatts", "LIKE", "ILIKE", "'%'", "'[a-'", "'(a+)+'",
            "((((", "))))", "NOT NOT NOT ", "'abc\\'", "0.5", "-7", "current_user", "agents.", "/", "*", "#");
    private static final List<String> VOCAB = List.of("id", "name", "queueloc", "mode", "version", "pid", "status",
            "starttime", "heartbeattime", "heartbeatts", "destructiontime", "environment", "tags", "->>", "#>>",
            "'os'", "'ident'", "'operator'", "'{operator}'", "=", "!=", "<>", "<", "<=", ">", ">=", "LIKE", "ILIKE",
            "NOT", "~", "~*", "!~", "!~*", "IN", "(", ")", ",", "IS", "NULL", "AND", "OR", "TRUE", "FALSE", "NOW",
            "()", "-", "+", "interval", "'5 minutes'", "'1 day'", "'online'", "'linux'", "'%web%'", "'^web'",
            "'2026-01-01'", "'42'", "42", "1.5", "all", "SELECT", ";", "--", "'x''y'", "'a\\%'");
    private static final Pattern SQL_TOKEN =
            Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*|\\?|->>|<>|<=|>=|!~\\*|!~|~\\*|[=<>~(),])");
    private static final Set<String> SQL_WORDS = Set.of("id", "name", "queueloc", "mode", "version", "pid", "status",
            "starttime", "heartbeattime", "destructiontime", "environment", "tags", "AND", "OR", "NOT", "LIKE",
            "ILIKE", "IN", "IS", "NULL", "TRUE", "FALSE", "LOWER", "REGEXP_LIKE", "GATOR_JSON_TEXT", "COLLATE",
            "ucs_basic");
    private static final Duration HANG = Duration.ofSeconds(2);
    /** One reused worker, so the hang guard costs a hand-off rather than a thread per try. */
    private static final ExecutorService WORKER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "target-fuzz");
        t.setDaemon(true);
        return t;
    });
    private static final List<String> OPERANDS = List.of("id", "name", "queueloc", "mode", "version", "pid",
            "status", "starttime", "heartbeattime", "heartbeatts", "destructiontime", "environment->>'os'",
            "environment->>'ident'", "environment->>'isproxied'", "environment->>'addresses'", "tags->>'operator'",
            "tags#>>'{env.name}'", "tags->>'nothere'");
    private static final List<String> OPERATORS = List.of("=", "!=", "<>", "<", "<=", ">", ">=", "LIKE", "ILIKE",
            "NOT LIKE", "NOT ILIKE", "~", "~*", "!~", "!~*", "IN", "NOT IN", "IS NULL", "IS NOT NULL");
    private static final List<String> VALUES = List.of("'online'", "'linux'", "'IT'", "'%web%'", "'^web'",
            "'web_1.%'", "'it''s'", "'a\\%'", "'2026-11-23T07:00:00Z'", "'2026-01-01'", "'400'", "400", "-3",
            "2.5", "TRUE", "false", "NOW()", "NOW() - interval '5 minutes'", "now() + INTERVAL '1 day'",
            "NOW() - interval '30 days' + interval '2 hours'", "'[\"192.0.2.2/24\"]'", "''");

    @Provide
    Arbitrary<String> seeds() {
        return Arbitraries.of(SEEDS);
    }

    @Provide
    Arbitrary<String> soup() {
        return Arbitraries.of(VOCAB).list().ofMinSize(1).ofMaxSize(14)
                .map(l -> String.join(" ", l));
    }

    @Provide
    Arbitrary<String> sqlish() {
        return Arbitraries.strings().withChars("abdilnostwAELNORST_ 0123456789'\"();-*/=<>!~%#,.\\:$?|+{}\n")
                .withCharRange('\u0000', '\u00ff').ofMaxLength(80);
    }

    @Property(tries = 5000)
    void mutatedValidTargetsOnlyFailWithTargetSyntaxException(@ForAll("seeds") String seed, @ForAll long rnd) {
        Statistics.collect(check(mutate(seed, new Random(rnd))));
    }

    @Property(tries = 2000)
    void tokenSoupOnlyFailsWithTargetSyntaxException(@ForAll("soup") String target) {
        Statistics.collect(check(target));
    }

    @Property(tries = 2000)
    void randomStringsOnlyFailWithTargetSyntaxException(@ForAll("sqlish") String target) {
        Statistics.collect(check(target));
    }

    @Provide
    Arbitrary<String> generated() {
        return Arbitraries.longs().map(seed -> generate(new Random(seed), 0));
    }

    /** Grammar-shaped targets (types deliberately mixed), so many parse and reach the compilers. */
    @Property(tries = 1500)
    void generatedTargetsOnlyFailWithTargetSyntaxException(@ForAll("generated") String target) throws SQLException {
        String outcome = check(target);
        Statistics.collect(outcome);
        if (outcome.equals("parsed")) {
            // Random combinations must also mean the same in SQL as in memory (H2 here; PostgreSQL in
            // TargetDatabaseTest).
            Target t = Target.parse(target);
            assertEquals(TestAgents.matching(target), TargetDatabaseTest.select(h2(), t.toSql(SqlDialect.H2,
                    TestAgents.CLOCK)), target);
        }
    }

    private static Connection h2;

    private static synchronized Connection h2() throws SQLException {
        if (h2 == null) {
            h2 = TargetDatabaseTest.openH2("target_fuzz_" + UUID.randomUUID().toString().replace("-", ""));
        }
        return h2;
    }

    private static String generate(Random r, int depth) {
        int c = r.nextInt(10);
        if (depth < 4 && c < 2) {
            return generate(r, depth + 1) + (c == 0 ? " AND " : " or ") + generate(r, depth + 1);
        }
        if (depth < 4 && c == 2) {
            return "NOT " + generate(r, depth + 1);
        }
        if (depth < 4 && c == 3) {
            return "(" + generate(r, depth + 1) + ")";
        }
        String operand = OPERANDS.get(r.nextInt(OPERANDS.size()));
        String op = OPERATORS.get(r.nextInt(OPERATORS.size()));
        if (op.startsWith("IS")) {
            return operand + " " + op;
        }
        if (op.endsWith("IN")) {
            int n = 1 + r.nextInt(3);
            StringBuilder sb = new StringBuilder(operand + " " + op + " (");
            for (int k = 0; k < n; k++) {
                sb.append(k > 0 ? ", " : "").append(VALUES.get(r.nextInt(VALUES.size())));
            }
            return sb.append(')').toString();
        }
        return operand + " " + op + " " + VALUES.get(r.nextInt(VALUES.size()));
    }

    @Property(tries = 300)
    void unmutatedSeedsAlwaysParse(@ForAll("seeds") String seed) {
        assertEquals("parsed", check(seed));
    }

    private static String mutate(String s, Random r) {
        StringBuilder sb = new StringBuilder(s);
        int ops = 1 + r.nextInt(4);
        for (int k = 0; k < ops; k++) {
            int pos = sb.length() == 0 ? 0 : r.nextInt(sb.length() + 1);
            switch (r.nextInt(6)) {
                case 0 -> sb.insert(pos, (char) (r.nextBoolean() ? 32 + r.nextInt(95) : r.nextInt(0x3000)));
                case 1 -> {
                    if (pos < sb.length()) {
                        sb.deleteCharAt(pos);
                    }
                }
                case 2 -> {
                    if (pos < sb.length()) {
                        sb.setCharAt(pos, (char) (32 + r.nextInt(95)));
                    }
                }
                case 3, 4 -> sb.insert(pos, SPLICES.get(r.nextInt(SPLICES.size())));
                default -> {
                    int end = Math.min(sb.length(), pos + r.nextInt(12));
                    sb.insert(pos, sb.substring(pos, end));
                }
            }
        }
        return sb.toString();
    }

    /** Parses and, when that succeeds, compiles both ways; returns "parsed" or "rejected". */
    private static String check(String input) {
        Target t;
        try {
            t = within(() -> Target.parse(input), input);
        } catch (TargetSyntaxException e) {
            assertTrue(e.getMessage().startsWith("target: "), e.getMessage());
            assertTrue(e.position() >= 0 && e.position() <= input.length() + 1, e.getMessage());
            return "rejected";
        }
        for (SqlDialect d : SqlDialect.values()) {
            assertSafeSql(t.toSql(d, TestAgents.CLOCK), input);
        }
        Predicate<Agent> p = within(() -> {
            Predicate<Agent> pred = t.toPredicate(TestAgents.CLOCK);
            TestAgents.ALL.forEach(pred::test);
            return pred;
        }, input);
        Target again = Target.parse(t.toString());
        assertEquals(t, again, () -> input + " normalized to " + t);
        Predicate<Agent> q = again.toPredicate(TestAgents.CLOCK);
        for (Agent a : TestAgents.ALL) {
            assertEquals(p.test(a), q.test(a), t.toString());
        }
        return "parsed";
    }

    /** Runs the step on the worker; a step that does not finish in time fails the property as a hang. */
    private static <T> T within(Callable<T> step, String input) {
        Future<T> f = WORKER.submit(step);
        try {
            return f.get(HANG.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError("no answer within " + HANG + " for " + input);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new AssertionError("unexpected failure for " + input, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void assertSafeSql(SqlWhere w, String input) {
        String sql = w.sql();
        assertTrue(sql.indexOf('\'') < 0 && sql.indexOf('"') < 0 && !sql.contains("--") && !sql.contains(";"),
                () -> input + " -> " + sql);
        Matcher m = SQL_TOKEN.matcher(sql);
        int at = 0;
        int placeholders = 0;
        while (at < sql.length()) {
            assertTrue(m.find(at) && m.start() == at, () -> "unexpected SQL text at " + sql.substring(0) + " for " + input);
            String tok = m.group(1);
            if (Character.isLetter(tok.charAt(0)) || tok.charAt(0) == '_') {
                assertTrue(SQL_WORDS.contains(tok), () -> "word '" + tok + "' in " + sql + " for " + input);
            } else if (tok.equals("?")) {
                placeholders++;
            }
            at = m.end();
        }
        assertEquals(w.params().size(), placeholders, sql);
        for (Object o : w.params()) {
            assertTrue(o instanceof String || o instanceof Long || o instanceof BigDecimal
                    || o instanceof OffsetDateTime, () -> o.getClass() + " bound in " + sql);
        }
    }

    @Property(tries = 1)
    void everySqlWordIsUsedSomewhereSoTheWhitelistStaysTight(@ForAll("seeds") String ignored) {
        String all = SEEDS.stream().flatMap(s -> List.of(SqlDialect.values()).stream()
                        .map(d -> Target.parse(s).toSql(d, TestAgents.CLOCK).sql()))
                .collect(Collectors.joining(" "));
        for (String word : SQL_WORDS) {
            assertTrue(Pattern.compile("\\b" + word + "\\b").matcher(all).find(), word);
        }
    }
}
