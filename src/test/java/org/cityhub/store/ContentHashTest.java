package org.cityhub.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The content hash must stay the hash of Jackson's sorted JSON: the store compares it with hashes stored before, and a
 * different hash for the same content would store an unchanged record as a new version.
 */
class ContentHashTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JSON.getNodeFactory();
    private static final List<String> WORDS = List.of("caseNo", "status", "application", "applicant", "name", "申请人",
            "建设用地规划许可证", "𠀋𡈽", "a\"b\\c", "tab\tline\nend", "", "Z", "a", "aa", "Ab", "é", "\u0001", "\uD83D\uDE00");

    private final ContentHash hash = new ContentHash(JSON);

    private static String jacksonSorted(JsonNode node) throws IOException {
        return Sha256.hex(JSON.writer().with(JsonNodeFeature.WRITE_PROPERTIES_SORTED).writeValueAsBytes(node));
    }

    @Test
    void isTheHashOfJacksonsSortedJsonForRandomDocuments() throws IOException {
        Random random = new Random(39046);
        for (int i = 0; i < 5_000; i++) {
            JsonNode doc = randomObject(random, 0);
            assertThat(hash.of(doc)).as("%s", doc).isEqualTo(jacksonSorted(doc));
        }
    }

    @Test
    void isTheHashOfJacksonsSortedJsonForEveryMappingFixture() throws IOException {
        List<Path> fixtures;
        try (Stream<Path> files = Files.walk(Path.of("mappings"))) {
            fixtures = files.filter(p -> p.toString().endsWith(".json")).toList();
        }
        assertThat(fixtures).hasSizeGreaterThan(10);
        for (Path f : fixtures) {
            JsonNode doc = JSON.readTree(f.toFile());
            assertThat(hash.of(doc)).as("%s", f).isEqualTo(jacksonSorted(doc));
        }
    }

    @Test
    void doesNotDependOnPropertyOrder() {
        ObjectNode one = NODES.objectNode().put("b", 1).put("a", "申请");
        one.putObject("c").put("y", true).put("x", (String) null);
        ObjectNode other = NODES.objectNode();
        other.putObject("c").put("x", (String) null).put("y", true);
        other.put("a", "申请").put("b", 1);
        assertThat(hash.of(one)).isEqualTo(hash.of(other));
        assertThat(hash.of(one)).isNotEqualTo(hash.of(other.put("b", 2)));
    }

    private static ObjectNode randomObject(Random random, int depth) {
        ObjectNode o = NODES.objectNode();
        int size = random.nextInt(depth == 0 ? 12 : 6);
        for (int i = 0; i < size; i++) {
            o.set(WORDS.get(random.nextInt(WORDS.size())) + (random.nextBoolean() ? "" : random.nextInt(20)),
                    randomValue(random, depth + 1));
        }
        return o;
    }

    private static JsonNode randomValue(Random random, int depth) {
        switch (random.nextInt(depth < 4 ? 10 : 8)) {
            case 0:
                return NODES.textNode(WORDS.get(random.nextInt(WORDS.size())));
            case 1:
                return NODES.numberNode(random.nextInt());
            case 2:
                return NODES.numberNode(random.nextLong());
            case 3:
                return NODES.numberNode(new BigDecimal(random.nextInt(100_000)).movePointLeft(random.nextInt(6)));
            case 4:
                return NODES.numberNode(random.nextDouble());
            case 5:
                return NODES.booleanNode(random.nextBoolean());
            case 6:
                return NODES.nullNode();
            case 7:
                return NODES.textNode(WORDS.get(random.nextInt(WORDS.size())) + WORDS.get(random.nextInt(WORDS.size())));
            case 8: {
                ArrayNode a = NODES.arrayNode();
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    a.add(randomValue(random, depth + 1));
                }
                return a;
            }
            default:
                return randomObject(random, depth);
        }
    }
}
