package org.cityhub.mapping;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Plain Java values, as JSONata builds its result (maps with string keys, lists, strings, booleans, numbers), to the
 * Jackson tree {@link ObjectMapper#valueToTree(Object)} gives, built directly: {@code valueToTree} writes every value
 * into a token buffer and reads it back, which was 8% of the ingest threads' CPU (bench/NOTES.md, issue 7). A value of
 * any other kind (a double, a decimal, a map with other keys, a JSONata function) goes through {@code valueToTree}
 * itself, so the tree is the same whatever the mapping returns (PlainTreeTest).
 */
final class PlainTree {

    private final ObjectMapper json;
    private final JsonNodeFactory nodes;

    PlainTree(ObjectMapper json) {
        this.json = json;
        this.nodes = json.getNodeFactory();
    }

    JsonNode of(Object value) {
        if (value == null) {
            return nodes.nullNode();
        }
        if (value instanceof String text) {
            return nodes.textNode(text);
        }
        if (value instanceof Map<?, ?> map && stringKeys(map)) {
            ObjectNode object = nodes.objectNode();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                object.set((String) e.getKey(), of(e.getValue()));
            }
            return object;
        }
        if (value instanceof List<?> list) {
            ArrayNode array = nodes.arrayNode(list.size());
            for (Object item : list) {
                array.add(of(item));
            }
            return array;
        }
        if (value instanceof Boolean b) {
            return nodes.booleanNode(b);
        }
        if (value instanceof Integer i) {
            return nodes.numberNode(i);
        }
        if (value instanceof Long l) {
            return nodes.numberNode(l);
        }
        return json.valueToTree(value);
    }

    private static boolean stringKeys(Map<?, ?> map) {
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                return false;
            }
        }
        return true;
    }
}
