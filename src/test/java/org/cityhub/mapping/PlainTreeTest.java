package org.cityhub.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The tree built directly must be the tree {@code valueToTree} gives, node types included: the store hashes and writes it. */
class PlainTreeTest {

    private static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules().build();
    private static final List<String> WORDS = List.of("caseNo", "status", "申请人", "𠀋𡈽", "a\"b", "", "é");

    private final PlainTree trees = new PlainTree(JSON);

    @Test
    void isWhatValueToTreeGivesForRandomValues() {
        Random random = new Random(39046);
        for (int i = 0; i < 5_000; i++) {
            Object value = randomValue(random, 0);
            assertThat(trees.of(value)).as("%s", value).isEqualTo(JSON.valueToTree(value));
        }
    }

    @Test
    void isWhatValueToTreeGivesForWhatJsonataBuilds() throws Exception {
        Jsonata expression = Jsonata.jsonata("""
                { "whole": $, "n": 1, "d": 1.5, "sum": 1 + 2, "ratio": 7 / 2, "big": 12345678901234, "arr": [1, 2, 3],
                  "text": $string(3.25), "yes": true, "nothing": null, "keys": $keys($), "nested": { "a": [{ "b": 1 }] } }
                """);
        List<Path> inputs;
        try (Stream<Path> files = Files.walk(Path.of("mappings"))) {
            inputs = files.filter(p -> p.toString().endsWith(".in.json")).toList();
        }
        assertThat(inputs).hasSizeGreaterThan(10);
        for (Path in : inputs) {
            Object result = expression.evaluate(JSON.readValue(in.toFile(), Object.class));
            assertThat(trees.of(result)).as("%s", in).isEqualTo(JSON.valueToTree(result));
        }
    }

    @Test
    void aMapWithOtherKeysIsWrittenAsJacksonWritesIt() {
        Map<Object, Object> byNumber = new LinkedHashMap<>();
        byNumber.put(1, "one");
        byNumber.put(2L, List.of(true));
        assertThat(trees.of(byNumber)).isEqualTo(JSON.valueToTree(byNumber));
        assertThat(trees.of(byNumber).get("1").asText()).isEqualTo("one");
    }

    private static Object randomValue(Random random, int depth) {
        int kind = random.nextInt(depth > 3 ? 9 : 11);
        return switch (kind) {
            case 0 -> null;
            case 1 -> WORDS.get(random.nextInt(WORDS.size()));
            case 2 -> random.nextInt();
            case 3 -> random.nextLong();
            case 4 -> random.nextDouble() * 1000;
            case 5 -> new BigDecimal(random.nextInt(100_000)).movePointLeft(2);
            case 6 -> random.nextBoolean();
            case 7 -> BigInteger.valueOf(random.nextLong()).multiply(BigInteger.TEN);
            case 8 -> (float) random.nextInt(1000) / 8;
            case 9 -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = random.nextInt(6); i > 0; i--) {
                    map.put(WORDS.get(random.nextInt(WORDS.size())) + i, randomValue(random, depth + 1));
                }
                yield map;
            }
            default -> {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(5); i > 0; i--) {
                    list.add(randomValue(random, depth + 1));
                }
                yield list;
            }
        };
    }
}
