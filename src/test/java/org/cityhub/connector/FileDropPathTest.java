package org.cityhub.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Names built from a dropped file's name never lead outside the inbox (path traversal). */
class FileDropPathTest {

    @TempDir
    Path home;

    private FileDropSource source() {
        ObjectMapper json = new ObjectMapper();
        FileDropParameters p = FileDropParameters.from(json.createObjectNode().put("inbox", "inbox/civil"), home);
        return new FileDropSource("civil", "exports", p, null, null, json);
    }

    @Test
    void movesAndReportsStayInsideTheInbox() {
        FileDropSource s = source();
        assertThat(s.insideInbox(".done/20261121-export.csv").startsWith(home.resolve("inbox/civil"))).isTrue();
        assertThat(s.insideInbox(".error/20261121-..csv.reason.txt").startsWith(home.resolve("inbox/civil/.error"))).isTrue();
        for (String hostile : new String[] {".done/../../../etc/passwd", "../outside.csv", ".error/x/../../../../tmp/evil", ".."}) {
            assertThatThrownBy(() -> s.insideInbox(hostile)).as(hostile).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("outside the inbox");
        }
    }

    @Test
    void theFileSizeLimitIsAParameterWithADefault() {
        ObjectMapper json = new ObjectMapper();
        assertThat(FileDropParameters.from(json.createObjectNode().put("inbox", "in"), home).maxFileBytes()).isEqualTo(256L * 1024 * 1024);
        assertThat(FileDropParameters.from(json.createObjectNode().put("inbox", "in").put("maxFileBytes", 4096), home).maxFileBytes())
                .isEqualTo(4096);
    }
}
