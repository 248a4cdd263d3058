package io.gator.api.http;

import io.gator.api.backend.ApiBackend;
import io.gator.api.testing.ApiHarness;
import io.gator.api.testing.ApiHarness.Answer;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A platform that never answers gets 503 with Retry-After once the request timeout passes. */
class ApiTimeoutTest {
    @Test
    void hangingBackendIs503AfterTheRequestTimeout() {
        try (ApiHarness api = new ApiHarness(Instant.parse("2026-11-23T07:11:10Z"),
                "gator.api.request-timeout = 500ms\ngator.api.retry-after = 7s", inner ->
                (ApiBackend) Proxy.newProxyInstance(ApiBackend.class.getClassLoader(), new Class<?>[]{ApiBackend.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals("dashboard")) {
                                return new CompletableFuture<>(); // never completes
                            }
                            try {
                                return method.invoke(inner, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        }))) {
            long start = System.nanoTime();
            Answer a = api.get("/api/v1/dashboard");
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(503, a.status(), a.body());
            assertEquals("7", a.header("Retry-After").orElse(""));
            assertTrue(a.errorMessage().startsWith("the platform did not answer within 500 ms"), a.body());
            assertTrue(ms >= 450 && ms < 5000, "answered after " + ms + " ms");
            assertEquals(200, api.get("/api/v1/search?type=investigator").status(), "other routes unaffected");
        }
    }
}
