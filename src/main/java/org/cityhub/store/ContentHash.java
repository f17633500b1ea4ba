package org.cityhub.store;

import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The content hash of a case (or of a department's progress on one, or of a platform intake request): SHA-256, as lowercase hex, of its JSON in UTF-8
 * with every object's properties in name order, so that the same content mapped in another property order has the
 * same hash. Stored hashes are compared with new ones to tell an unchanged record, so the bytes hashed are exactly
 * those Jackson writes with {@code JsonNodeFeature.WRITE_PROPERTIES_SORTED} ({@code ContentHashTest} checks it).
 *
 * <p>Written here rather than with that feature because the ingest hashes every record it stores: the feature copies
 * each object's properties into a new {@code TreeMap} and the hashed bytes went to an array first, together 15% of
 * the ingest threads' CPU (bench/NOTES.md). Here the names are sorted in an array and the bytes go straight to the
 * digest.
 */
public final class ContentHash {

    private final ObjectWriter writer;

    public ContentHash(ObjectMapper json) {
        this.writer = json.writer();
    }

    /** The hash of this content (any JSON value), as lowercase hex. */
    public String of(JsonNode content) {
        MessageDigest digest = Sha256.digest();
        try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
            writer.writeValue(out, new Sorted(content));
        } catch (IOException e) {
            throw new IllegalStateException("case content not writable as JSON", e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** A node written with its objects' properties in name order; values are written by their own nodes. */
    private record Sorted(JsonNode node) implements JsonSerializable {

        @Override
        public void serialize(JsonGenerator g, SerializerProvider provider) throws IOException {
            write(node, g, provider);
        }

        @Override
        public void serializeWithType(JsonGenerator g, SerializerProvider provider, TypeSerializer typeSer) throws IOException {
            write(node, g, provider);
        }

        private static void write(JsonNode node, JsonGenerator g, SerializerProvider provider) throws IOException {
            if (node instanceof ObjectNode object) {
                String[] names = new String[object.size()];
                Iterator<String> it = object.fieldNames();
                for (int i = 0; it.hasNext(); i++) {
                    names[i] = it.next();
                }
                Arrays.sort(names);
                g.writeStartObject(object, names.length);
                for (String name : names) {
                    g.writeFieldName(name);
                    write(object.get(name), g, provider);
                }
                g.writeEndObject();
            } else if (node instanceof ArrayNode array) {
                g.writeStartArray(array, array.size());
                for (JsonNode item : array) {
                    write(item, g, provider);
                }
                g.writeEndArray();
            } else {
                ((JsonSerializable) node).serialize(g, provider);
            }
        }
    }
}
