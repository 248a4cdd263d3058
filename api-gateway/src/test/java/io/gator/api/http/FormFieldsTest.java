package io.gator.api.http;

import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.Multiparts;
import org.apache.pekko.http.javadsl.server.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FormFieldsTest {
    static final RouteRunner runner = new RouteRunner();
    final FormFields forms = new FormFields(Duration.ofSeconds(5));

    @AfterAll
    static void stop() {
        runner.close();
    }

    /** Echoes field "a" as Pekko's formFieldOptional reads it behind the check. */
    Route echoA() {
        return runner.toStrictEntity(Duration.ofSeconds(5), 1 << 20, () -> forms.checked(() ->
                runner.formFieldOptional("a", a -> runner.complete(a.map(v -> "a=" + v).orElse("no a")))));
    }

    RouteRunner.Result post(String contentType, byte[] body) {
        var type = ContentTypes.parse(contentType);
        return runner.run(echoA(), HttpRequest.POST("/").withEntity(HttpEntities.create(type, body)));
    }

    RouteRunner.Result form(String body) {
        return post("application/x-www-form-urlencoded", body.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Test
    void urlEncodedFieldsAreDecodedAndTheFirstValueCounts() {
        assertEquals("a=x y/é", form("b=1&a=x+y%2F%C3%A9&a=second").body());
    }

    @Test
    void aFormBodyIsUtf8WhateverCharsetItNames() {
        assertEquals("a=é", post("application/x-www-form-urlencoded; charset=ISO-8859-1",
                "a=%C3%A9".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).body());
    }

    @Test
    void noBodyIsAnEmptyFormWhateverItsContentType() {
        assertEquals("no a", runner.run(echoA(), HttpRequest.POST("/")).body());
        assertEquals("no a", post("text/plain; charset=UTF-8", new byte[0]).body());
    }

    @Test
    void aBodyThatIsNoFormIs415() {
        var r = post("application/json", "{\"a\":1}".getBytes());
        assertEquals(415, r.status());
        assertTrue(r.errorMessage().startsWith(
                "request body must be application/x-www-form-urlencoded or multipart/form-data, got application/json"),
                r.body());
    }

    @Test
    void percentEscapesThatAreNotUtf8Are400RatherThanReplaced() {
        var r = form("a=%7B%FF%7D");
        assertEquals(400, r.status());
        assertEquals("malformed form body: percent-escapes are not valid UTF-8", r.errorMessage());
        var raw = post("application/x-www-form-urlencoded", new byte[]{'a', '=', (byte) 0xC3, '('});
        assertEquals(400, raw.status());
        assertEquals("form body is not valid UTF-8", raw.errorMessage());
    }

    @Test
    void aBadPercentEscapeIs400NamingWhere() {
        var r = form("a=1%G1");
        assertEquals(400, r.status());
        assertEquals("malformed form body: bad percent-escape at character 1", r.errorMessage());
    }

    @Test
    void nulInAnyFieldIs400NamingTheField() {
        var r = form("a=1&b=x%00y");
        assertEquals(400, r.status());
        assertTrue(r.errorMessage().startsWith("form field 'b' contains U+0000"), r.body());
    }

    @Test
    void rawCharactersGoWouldTakeAreReadAsTheyStand() {
        // Go's form parser (MIG's API) takes a raw space, '#', a control character or non-ASCII text unescaped
        assertEquals("a=raw space", form("a=raw space").body());
        assertEquals("a=x#y", form("a=x#y").body());
        assertEquals("a=tab\there", form("a=tab\there").body());
        assertEquals("a=é{\"k\": [1]}", post("application/x-www-form-urlencoded",
                "a=é{\"k\": [1]}".getBytes(java.nio.charset.StandardCharsets.UTF_8)).body());
        assertEquals("a=b c+d", form("a=b%20c%2Bd").body());
    }

    @Test
    void multipartFieldsAreReadAndMustBeUtf8() {
        var ok = Multiparts.createStrictFormDataFromParts(
                Multiparts.createFormDataBodyPartStrict("a", HttpEntities.create("multi")),
                Multiparts.createFormDataBodyPartStrict("a", HttpEntities.create("second")));
        assertEquals("a=multi", runner.run(echoA(), HttpRequest.POST("/").withEntity(ok.toEntity())).body());
        var bad = Multiparts.createStrictFormDataFromParts(Multiparts.createFormDataBodyPartStrict("a",
                HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, new byte[]{(byte) 0xFF})));
        var r = runner.run(echoA(), HttpRequest.POST("/").withEntity(bad.toEntity()));
        assertEquals(400, r.status());
        assertEquals("form field 'a' is not valid UTF-8", r.errorMessage());
    }
}
