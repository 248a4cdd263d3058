package io.gator.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What went wrong, in words an investigator reads: "cannot read /x/y: no such file", "connection refused".
 * Java's exception names and empty messages never reach the terminal.
 */
public final class Problems {
    private Problems() {}

    /** Failures whose kind says it all, most specific first. */
    private static final List<Map.Entry<Class<? extends Throwable>, String>> PLAIN = List.of(
            Map.entry(NoSuchFileException.class, "no such file"),
            Map.entry(AccessDeniedException.class, "permission denied"),
            Map.entry(NotDirectoryException.class, "not a directory"),
            Map.entry(HttpConnectTimeoutException.class, "connection timed out"),
            Map.entry(HttpTimeoutException.class, "no answer in time"),
            Map.entry(ConnectException.class, "connection refused"),
            Map.entry(java.nio.charset.CharacterCodingException.class, "not UTF-8 text"));

    /** A file's text, or an error "cannot read FILE: REASON" followed by {@code hint} when given. */
    public static String readString(Path file, String hint) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + reason(e)
                    + (hint.isEmpty() ? "" : " (" + hint + ")"), e);
        }
    }

    /** One line saying what failed (the file, when one is concerned), without the exception's class name. */
    public static String describe(Throwable e) {
        if (e instanceof FileSystemException f && f.getFile() != null) {
            return f.getFile() + ": " + reason(f);
        }
        if (e instanceof UncheckedIOException && e.getCause() != null) {
            String own = e.getMessage();
            return blank(own) || own.equals(e.getCause().toString()) ? describe(e.getCause())
                    : own + ": " + reason(e.getCause());
        }
        return reason(e);
    }

    /** Why it failed, in words. */
    private static String reason(Throwable e) {
        for (Map.Entry<Class<? extends Throwable>, String> plain : PLAIN) {
            if (plain.getKey().isInstance(e)) {
                return plain.getValue();
            }
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason().toLowerCase(java.util.Locale.ROOT);
        }
        if (e instanceof UnknownHostException) {
            return "unknown host" + (blank(e.getMessage()) ? "" : " " + e.getMessage());
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            String at = m.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName()
                    : "[" + r.getIndex() + "]").collect(Collectors.joining(".")).replace(".[", "[");
            return "invalid value of '" + at + "'" + location(m);
        }
        if (e instanceof JsonProcessingException j) {
            return "not valid JSON" + location(j);
        }
        if (e instanceof io.gator.core.json.MigJsonException && e.getCause() != null) {
            return describe(e.getCause());
        }
        // Jackson's convertValue wraps its mapping error, whose message names Java types
        if (e.getCause() != null && (e instanceof IOException || blank(e.getMessage())
                || e.getCause() instanceof JsonProcessingException)) {
            return describe(e.getCause());
        }
        if (!blank(e.getMessage())) {
            return e.getMessage();
        }
        // no message: say what kind of failure it was, in words
        String words = e.getClass().getSimpleName().replaceAll("(Exception|Error)$", "")
                .replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
        return "unexpected failure (" + words + ")";
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
