package io.gator.core.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.gator.core.json.MigJson;
import io.gator.core.json.MigJsonException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * MIG's compressed operation parameters: base64(gzip(JSON)), carried as a JSON string with
 * {@code is_compressed: true}. Compression happens before signing, decompression right before
 * the module runs; decompressed size is bounded so a small payload cannot explode in memory.
 */
public final class Compression {
    /** Largest decompressed parameters accepted when the caller names no smaller limit. */
    public static final int MAX_DECOMPRESSED_BYTES = 16 * 1024 * 1024;

    private Compression() {}

    /** The operation with compressed parameters (and both flags set, as MIG's client does). */
    public static Operation compress(Operation op) {
        if (op.isCompressed()) {
            return op;
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
            gz.write(MigJson.writeBytes(op.parameters()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Operation(op.module(), TextNode.valueOf(Base64.getEncoder().encodeToString(buf.toByteArray())),
                true, true);
    }

    /** The parameters as a JSON tree, decompressed when the operation says so. */
    public static JsonNode parameters(Operation op) {
        return parameters(op, MAX_DECOMPRESSED_BYTES);
    }

    /**
     * The parameters as a JSON tree, decompressed when the operation says so, refusing more than
     * {@code maxBytes} of decompressed JSON; the check is made while inflating, so a small gzip bomb
     * never reaches the heap.
     */
    public static JsonNode parameters(Operation op, int maxBytes) {
        if (maxBytes <= 0 || maxBytes > MAX_DECOMPRESSED_BYTES) {
            throw new IllegalArgumentException("maxBytes must be in 1.." + MAX_DECOMPRESSED_BYTES + ", was " + maxBytes);
        }
        if (!op.isCompressed()) {
            return op.parameters();
        }
        if (!op.parameters().isTextual()) {
            throw new MigJsonException("operation " + op.module() + ": is_compressed is set but parameters are not a string");
        }
        byte[] gz;
        try {
            gz = Base64.getDecoder().decode(op.parameters().textValue());
        } catch (IllegalArgumentException e) {
            throw new MigJsonException("operation " + op.module() + ": compressed parameters are not base64", e);
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            byte[] json = in.readNBytes(maxBytes + 1);
            if (json.length > maxBytes) {
                throw new MigJsonException("operation " + op.module() + ": decompressed parameters exceed "
                        + maxBytes + " bytes");
            }
            return MigJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new MigJsonException("operation " + op.module() + ": compressed parameters are not gzip JSON: "
                    + e.getMessage(), e);
        }
    }
}
