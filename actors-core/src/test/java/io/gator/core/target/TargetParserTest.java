package io.gator.core.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.math.BigDecimal;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TargetParserTest {

    private static TargetSyntaxException rejected(String target) {
        return assertThrows(TargetSyntaxException.class, () -> Target.parse(target), target);
    }

    @Test
    void migTargetsParseToTheExpectedTree() {
        Operand os = new Operand.JsonField(JsonDoc.ENVIRONMENT, "os");
        assertEquals(new Expr.Compare(os, CompareOp.EQ, new Value.Text("linux")),
                Target.parse("environment->>'os'='linux'").expr());
        assertEquals(new Expr.And(List.of(
                        new Expr.Like(new Operand.Col(Column.QUEUELOC), false, false, "linux.%"),
                        new Expr.Like(new Operand.JsonField(JsonDoc.ENVIRONMENT, "ident"), false, true, "%ubuntu%"))),
                Target.parse("queueloc LIKE 'linux.%' AND environment->>'ident' ILIKE '%ubuntu%'").expr());
        assertEquals(new Expr.In(new Operand.Col(Column.NAME), false, List.of(new Value.Text("a"), new Value.Text("b"))),
                Target.parse("name IN ('a','b')").expr());
        assertEquals(new Expr.Compare(new Operand.Col(Column.HEARTBEATTIME), CompareOp.GT,
                        new Value.Now(List.of(new Value.Shift(true, 5, ChronoUnit.MINUTES)))),
                Target.parse("heartbeattime > NOW() - interval '5 minutes'").expr());
        assertEquals(new Expr.Compare(new Operand.JsonField(JsonDoc.TAGS, "operator"), CompareOp.EQ, new Value.Text("IT")),
                Target.parse("tags->>'operator'='IT'").expr());
        assertEquals(new Expr.And(List.of(
                        new Expr.Compare(new Operand.Col(Column.STATUS), CompareOp.EQ, new Value.Text("online")),
                        new Expr.Or(List.of(new Expr.Compare(os, CompareOp.EQ, new Value.Text("linux")),
                                new Expr.Regex(new Operand.Col(Column.NAME), false, true, "^web"))))),
                Target.parse("status='online' AND (environment->>'os'='linux' OR name ~* '^web')").expr());
        assertEquals(new Expr.And(List.of(
                        new Expr.Compare(new Operand.Col(Column.NAME), CompareOp.EQ, new Value.Text("vm")),
                        new Expr.Compare(new Operand.Col(Column.PID), CompareOp.EQ, new Value.Num(new BigDecimal(28249))))),
                Target.parse("name='vm' AND pid=28249").expr());
    }

    @Test
    void allAloneMeansEveryOnlineAgent() {
        assertEquals(Target.parse("status = 'online'"), Target.parse("all"));
        assertEquals(Target.parse("status = 'online'"), Target.parse("  ALL "));
        assertTrue(rejected("all AND name='x'").getMessage().contains("'all' at position 1 must be the whole target"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "status='online'|status = 'online'",
        "STATUS = 'online' and NOT name Like 'x%'|status = 'online' AND NOT name LIKE 'x%'",
        "name <> 'a' or name != 'b'|name != 'a' OR name != 'b'",
        "heartbeatts>=now()-INTERVAL '1 hour'+interval '30 SECONDS'|heartbeattime >= NOW() - INTERVAL '1 hours' + INTERVAL '30 seconds'",
        "tags#>>'{operator}'='IT'|tags->>'operator' = 'IT'",
        "((status='online'))|status = 'online'",
        "name='it''s' AND (pid=1 OR (pid=2 OR pid=3))|name = 'it''s' AND (pid = 1 OR pid = 2 OR pid = 3)",
        "NOT (name='a' AND name='b')|NOT (name = 'a' AND name = 'b')",
        "environment->>'ident' NOT ILIKE '%x%' AND name !~* 'y'|environment->>'ident' NOT ILIKE '%x%' AND name !~* 'y'",
        "pid = '42' AND id NOT IN (1, 2.50, -3)|pid = 42 AND id NOT IN (1, 2.50, -3)",
        "starttime > '2026-11-23 09:00:00+02'|starttime > '2026-11-23T07:00:00Z'",
        "tags->>'x' IS NOT NULL OR tags->>'y' is null|tags->>'x' IS NOT NULL OR tags->>'y' IS NULL",
        "true or FALSE|TRUE OR FALSE",
    })
    void normalizedTextIsCanonicalAndParsesBackToTheSameTree(String target, String normalized) {
        Target t = Target.parse(target);
        assertEquals(normalized, t.toString());
        assertEquals(t, Target.parse(t.toString()));
    }

    @Test
    void intervalUnitsAreSingularOrPluralAndCaseInsensitive() {
        for (String unit : List.of("second", "seconds", "minute", "Minutes", "hour", "HOURS", "day", "days")) {
            Target.parse("starttime < NOW() - interval '2 " + unit + "'");
        }
        assertTrue(rejected("starttime < NOW() - interval '2 weeks'").getMessage().contains("at position 30"));
        assertTrue(rejected("starttime < NOW() - interval '999999999 days'").getMessage().contains("100000 days"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "'; DROP TABLE agents; --|unterminated string literal starting at position 1",
        "status='online'; DELETE FROM agents|unexpected ';' at position 16",
        "id IN (SELECT id FROM investigators)|unexpected 'SELECT' at position 8, sub-selects are not allowed",
        "name = 'a' -- comment|unexpected '--' at position 12, comments are not allowed",
        "name = 'a' /* comment */|unexpected '/*' at position 12, comments are not allowed",
        "pg_sleep(10)|function call 'pg_sleep(' at position 1 is not allowed",
        "name = pg_sleep(10)|function call 'pg_sleep(' at position 8 is not allowed",
        "unknowncol = 1|unknown column 'unknowncol' at position 1",
        "environment->>'os' = 'linux' UNION SELECT * FROM agents|unexpected 'UNION' at position 30, expected AND, OR or end of target",
        "environment->>'os' = 'linux' OR 1=1|unexpected '1' at position 33, expected a column name",
        "name = 'a' OR name = \"b\"|unexpected '\"' at position 22, quoted identifiers are not allowed",
        "environment->>'hostname' = 'x'|unknown environment key 'hostname' at position 15",
        "environment->>'OS' = 'linux'|unknown environment key 'OS' at position 15",
        "tags->>'a b' = 'x'|unknown tags key 'a b' at position 8",
        "tags->'a' = 'x'|unexpected '->' at position 5, expected '->>'",
        "name = 'unterminated|unterminated string literal starting at position 8",
        "name = 5|unexpected '5' at position 8, expected a quoted string for name",
        "pid = 'abc'|''abc'' at position 7 is not a number for pid",
        "pid LIKE '1%'|operator 'LIKE' at position 5 needs a text column, pid is number",
        "starttime > 'yesterday'|''yesterday'' at position 13 is not a timestamp",
        "starttime > 5|unexpected '5' at position 13, expected NOW()",
        "name ~ '([a-'|invalid regular expression at position 8",
        "name LIKE 'abc\\'|pattern at position 11 ends with the escape character",
        "(name = 'a'|unexpected end of target at position 12, expected ')' or AND/OR",
        "name = 'a')|unexpected ')' at position 11, expected end of target (unbalanced ')')",
        "name = 'a' AND|unexpected end of target at position 15, expected a column name",
        "name 'a'|unexpected ''a'' at position 6, expected an operator",
        "name IN ()|unexpected ')' at position 10, expected a quoted string for name",
        "name IS 'x'|unexpected ''x'' at position 9, expected NULL",
        "name = 'a' ; |unexpected ';' at position 12",
        "name = 'a' AND pid = 1 $ 2|unexpected '$' at position 24",
        "name = 'a\u0000'|NUL character at position 10",
        "agents.name = 'a'|unexpected '.' at position 7",
        "name = CURRENT_USER|unexpected 'CURRENT_USER' at position 8, expected a quoted string for name",
        "name = 'a' AND EXISTS (SELECT 1)|function call 'EXISTS(' at position 16 is not allowed",
        "select|unexpected 'select' at position 1, expected a column name",
        "`   `|empty target",
    })
    void rejectsWithThePositionNamed(String target, String message) {
        TargetSyntaxException e = rejected(target);
        assertTrue(e.getMessage().startsWith("target: "), e.getMessage());
        assertTrue(e.getMessage().contains(message), () -> "'" + e.getMessage() + "' should contain '" + message + "'");
    }

    @Test
    void positionIsReportedSeparately() {
        assertEquals(16, rejected("status='online'; DELETE FROM agents").position());
        assertEquals(8, rejected("id IN (SELECT id FROM investigators)").position());
    }

    @Test
    void overlongInputIsRefusedBeforeLexing() {
        String big = "name = '" + "x".repeat(4100) + "'";
        assertTrue(rejected(big).getMessage().contains("longer than the 4096 allowed"));
        Target.parse("name = '" + "x".repeat(4000) + "'");
        TargetLimits small = new TargetLimits(20, 64);
        assertThrows(TargetSyntaxException.class, () -> Target.parse("name = 'abcdefghijklmnop'", small));
    }

    @Test
    void nestingDeeperThanTheLimitIsRefused() {
        String ok = "(".repeat(64) + "name='a'" + ")".repeat(64);
        Target.parse(ok);
        String deep = "(".repeat(65) + "name='a'" + ")".repeat(65);
        assertTrue(rejected(deep).getMessage().contains("nesting deeper than 64 at position 65"));
        assertTrue(rejected("NOT ".repeat(100) + "name='a'").getMessage().contains("nesting deeper than 64"));
        // Very deep input is refused by depth, not by a StackOverflowError.
        rejected("(".repeat(4000));
    }

    @Test
    void limitsComeFromReferenceConf() {
        assertEquals(TargetLimits.DEFAULT, TargetLimits.fromConfig(ConfigFactory.load()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"environment->>'init'", "environment->>'ident'", "environment->>'os'",
        "environment->>'arch'", "environment->>'isproxied'", "environment->>'proxy'", "environment->>'publicip'",
        "environment->>'addresses'", "environment->>'modules'", "tags->>'a.b-c_D9'", "id", "name", "queueloc",
        "mode", "version", "pid", "status", "starttime", "heartbeattime", "heartbeatts", "destructiontime"})
    void everyWhitelistedOperandParses(String operand) {
        Target.parse(operand + " IS NOT NULL");
    }
}
