package io.gator.api.http;

import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.server.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueryParametersTest {
    static final RouteRunner runner = new RouteRunner();
    final QueryParameters query = new QueryParameters();

    @AfterAll
    static void stop() {
        runner.close();
    }

    Route echo(Set<String> allowed) {
        return query.accepted(allowed, q -> runner.complete(q.toString()));
    }

    @Test
    void acceptedParametersAreDecodedAndTheFirstValueCounts() {
        var r = runner.run(echo(Set.of("a", "b")), HttpRequest.GET("/?a=x+y%2F%C3%A9&&b=2&a=second"));
        assertEquals("{a=x y/é, b=2}", r.body());
    }

    @Test
    void anUnknownParameterIs400ListingTheAcceptedOnes() {
        var r = runner.run(echo(Set.of("b", "a")), HttpRequest.GET("/?a=1&c=2"));
        assertEquals(400, r.status());
        assertEquals("unknown query parameter 'c' (accepted: a, b)", r.errorMessage());
        var none = runner.run(echo(Set.of()), HttpRequest.GET("/?a=1"));
        assertEquals("unknown query parameter 'a' (this endpoint takes none)", none.errorMessage());
    }

    @Test
    void percentEscapesThatAreNotUtf8OrHoldNulAre400() {
        var utf8 = runner.run(echo(Set.of("a")), HttpRequest.GET("/?a=%C3%28"));
        assertEquals(400, utf8.status());
        assertEquals("malformed query: percent-escapes are not valid UTF-8", utf8.errorMessage());
        var nul = runner.run(echo(Set.of("a")), HttpRequest.GET("/?a=x%00"));
        assertEquals(400, nul.status());
        assertTrue(nul.errorMessage().startsWith("query parameter 'a' contains U+0000"), nul.body());
    }
}
