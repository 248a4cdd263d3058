package io.gator.core.action;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gator.core.testing.Fixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import java.util.stream.Stream;

class SignedStringTest {

    @TestFactory
    Stream<DynamicTest> canonicalStringEqualsWhatMigSignedByteForByte() {
        return Fixtures.list("mig-wire/signed", ".canonical.txt").stream().map(txt -> DynamicTest.dynamicTest(
                txt.getFileName().toString(), () -> {
                    String base = txt.getFileName().toString().replace(".canonical.txt", "");
                    String json = Fixtures.read("mig-wire/signed/" + base + ".json");
                    String expected = Fixtures.read("mig-wire/signed/" + txt.getFileName());
                    assertEquals(expected, SignedString.ofJson(json));
                }));
    }

    @Test
    void migUnitTestVectorMatches() {
        String json = """
                {"name":"pkg -s -name test ","target":"status='online'",
                 "validfrom":"2017-10-25T15:50:05.220759533Z","expireafter":"2017-10-25T15:56:05.220759533Z",
                 "operations":[{"module":"pkg","parameters":{"vermatch":"","pkgmatch":{"matches":["test"]}}}]}""";
        assertEquals("name=pkg -s -name test ;target=status='online';validfrom=1508946605;"
                + "expireafter=%!s(int64=1508946965);operations=[{\"module\":\"pkg\",\"parameters\":"
                + "{\"pkgmatch\":{\"matches\":[\"test\"]},\"vermatch\":\"\"}}];", SignedString.ofJson(json));
    }
}
