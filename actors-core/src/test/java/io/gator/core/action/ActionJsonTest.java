package io.gator.core.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.core.json.MigJson;
import io.gator.core.json.MigJsonException;
import io.gator.core.json.MigTime;
import io.gator.core.testing.Fixtures;
import io.gator.core.testing.JsonTrees;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class ActionJsonTest {

    @TestFactory
    Stream<DynamicTest> everyActionFileReadsAndWritesBackWithoutLosingAField() {
        return Stream.concat(Fixtures.list("actions", ".json").stream().map(p -> "actions/" + p.getFileName()),
                        Fixtures.list("mig-wire/signed", ".json").stream().map(p -> "mig-wire/signed/" + p.getFileName()))
                .map(f -> DynamicTest.dynamicTest(f, () -> {
                    String original = Fixtures.read(f);
                    Action action = MigJson.read(original, Action.class);
                    List<String> lost = JsonTrees.missingOrDifferent(MigJson.tree(original),
                            MigJson.tree(MigJson.write(action)));
                    assertTrue(lost.isEmpty(), () -> "lost or changed: " + lost);
                }));
    }

    @Test
    void signedMigPrintoutsWriteBackExactlyIncludingNullSignatures() {
        for (String f : List.of("unsigned-print.json", "pkg-compressed.json", "file-hostname.json")) {
            String original = Fixtures.read("mig-wire/signed/" + f);
            Action action = MigJson.read(original, Action.class);
            List<String> diffs = JsonTrees.differences(MigJson.tree(original), MigJson.tree(MigJson.write(action)));
            assertTrue(diffs.isEmpty(), () -> f + ": " + diffs);
        }
    }

    @Test
    void unknownFieldsAreIgnoredAsMigDoesAndKeysMatchCaseInsensitively() {
        Action a = MigJson.read("{\"Name\":\"x\",\"TARGET\":\"status='online'\",\"newfield\":{\"a\":1},"
                + "\"SyntaxVersion\":2}", Action.class);
        assertEquals("x", a.name());
        assertEquals("status='online'", a.target());
        assertEquals(2, a.syntaxVersion());
        assertTrue(!MigJson.write(a).contains("newfield"));
    }

    @Test
    void missingTimesAreGoZeroTimeAndOldGoFloatIdsAreRead() {
        Action a = MigJson.read("{\"id\":6.115472790658567e+15,\"name\":\"x\"}", Action.class);
        assertEquals(MigTime.ZERO, a.validFrom());
        assertEquals(6115472790658567L, a.id());
        assertTrue(MigJson.write(a).contains("\"validfrom\":\"0001-01-01T00:00:00Z\""));
    }

    @Test
    void timesKeepNanosecondsAndTheirOffset() {
        Action a = MigJson.read("{\"validfrom\":\"2019-09-01T08:00:00.123-04:00\","
                + "\"expireafter\":\"9998-01-11T11:11:11.000000011Z\"}", Action.class);
        String out = MigJson.write(a);
        assertTrue(out.contains("\"validfrom\":\"2019-09-01T08:00:00.123-04:00\""), out);
        assertTrue(out.contains("\"expireafter\":\"9998-01-11T11:11:11.000000011Z\""), out);
    }

    @Test
    void malformedJsonGivesAClearError() {
        MigJsonException e = assertThrows(MigJsonException.class, () -> MigJson.read("{\"name\":", Action.class));
        assertTrue(e.getMessage().startsWith("malformed Action JSON"), e.getMessage());
        MigJsonException t = assertThrows(MigJsonException.class,
                () -> MigJson.read("{\"validfrom\":\"yesterday\"}", Action.class));
        assertTrue(t.getMessage().contains("yesterday"), t.getMessage());
    }
}
