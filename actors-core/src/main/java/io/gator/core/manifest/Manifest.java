package io.gator.core.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.core.json.GoJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * MIG's {@code ManifestResponse}: what the API sends a loader ({@code loader_name} filled in, the signatures of
 * the investigators) and, with both emptied, what every investigator signs and every loader verifies.
 */
public record Manifest(String loaderName, List<ManifestEntry> entries, List<String> signatures) {

    public Manifest {
        Objects.requireNonNull(loaderName, "loaderName");
        entries = List.copyOf(entries);
        signatures = List.copyOf(signatures);
    }

    /** The unsigned manifest of these entries, as a record is before anyone signs it. */
    public static Manifest of(List<ManifestEntry> entries) {
        return new Manifest("", entries, List.of());
    }

    public Manifest withLoaderName(String name) {
        return new Manifest(name, entries, signatures);
    }

    public Manifest withSignatures(List<String> sigs) {
        return new Manifest(loaderName, entries, sigs);
    }

    /** The entry of that name, if the manifest has one. */
    public java.util.Optional<ManifestEntry> entry(String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /**
     * The exact bytes signed: Go's compact encoding of the struct in field order (loader_name, entries,
     * signatures) with the loader name and the signatures emptied, no trailing newline.
     */
    public String signedString() {
        StringBuilder sb = new StringBuilder(64 + entries.size() * 110);
        sb.append("{\"loader_name\":\"\",\"entries\":");
        appendEntries(sb);
        sb.append(",\"signatures\":[]}");
        return sb.toString();
    }

    /** The manifest as the API sends it (Go's encoding; signatures {@code null} when there are none, as Go's nil). */
    public String toJson() {
        StringBuilder sb = new StringBuilder(128 + entries.size() * 110 + signatures.size() * 400);
        sb.append("{\"loader_name\":");
        GoJson.writeString(loaderName, sb);
        sb.append(",\"entries\":");
        appendEntries(sb);
        sb.append(",\"signatures\":");
        if (signatures.isEmpty()) {
            sb.append("null");
        } else {
            sb.append('[');
            for (int i = 0; i < signatures.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                GoJson.writeString(signatures.get(i), sb);
            }
            sb.append(']');
        }
        sb.append('}');
        return sb.toString();
    }

    /** The manifest as a Jackson tree, for answers built as trees. */
    public ObjectNode toTree() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("loader_name", loaderName);
        ArrayNode es = o.putArray("entries");
        for (ManifestEntry e : entries) {
            es.addObject().put("name", e.name()).put("sha256", e.sha256());
        }
        if (signatures.isEmpty()) {
            o.putNull("signatures");
        } else {
            ArrayNode ss = o.putArray("signatures");
            signatures.forEach(ss::add);
        }
        return o;
    }

    /** Reads a manifest sent by an API (MIG's or Gator's); refuses anything but its three fields' shapes. */
    public static Manifest fromTree(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new InvalidManifestException("manifest is not a JSON object");
        }
        JsonNode name = node.path("loader_name");
        if (!name.isMissingNode() && !name.isNull() && !name.isTextual()) {
            throw new InvalidManifestException("manifest loader_name is not a string");
        }
        List<ManifestEntry> entries = new ArrayList<>();
        JsonNode es = node.path("entries");
        if (!es.isMissingNode() && !es.isNull()) {
            if (!es.isArray()) {
                throw new InvalidManifestException("manifest entries is not a list");
            }
            for (JsonNode e : es) {
                if (!e.path("name").isTextual() || !e.path("sha256").isTextual()) {
                    throw new InvalidManifestException("manifest entry without a name or sha256");
                }
                entries.add(new ManifestEntry(e.get("name").textValue(), e.get("sha256").textValue()));
            }
        }
        List<String> sigs = new ArrayList<>();
        JsonNode ss = node.path("signatures");
        if (!ss.isMissingNode() && !ss.isNull()) {
            if (!ss.isArray()) {
                throw new InvalidManifestException("manifest signatures is not a list");
            }
            for (JsonNode s : ss) {
                if (!s.isTextual()) {
                    throw new InvalidManifestException("manifest signature is not a string");
                }
                sigs.add(s.textValue());
            }
        }
        return new Manifest(name.isTextual() ? name.textValue() : "", entries, sigs);
    }

    private void appendEntries(StringBuilder sb) {
        if (entries.isEmpty()) {
            // Go encodes the nil slice of a record without files as null; such a record cannot be signed usefully.
            sb.append("null");
            return;
        }
        sb.append('[');
        for (int i = 0; i < entries.size(); i++) {
            ManifestEntry e = entries.get(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"name\":");
            GoJson.writeString(e.name(), sb);
            sb.append(",\"sha256\":");
            GoJson.writeString(e.sha256(), sb);
            sb.append('}');
        }
        sb.append(']');
    }
}
