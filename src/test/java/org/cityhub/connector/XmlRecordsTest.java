package org.cityhub.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The one XML → JSON record convention, and that hostile or broken XML is refused with a clear message. */
class XmlRecordsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static InputStream xml(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void elementNamesAreKeysTextIsAStringAndNamespacesAreDropped() throws Exception {
        List<ObjectNode> records = XmlRecords.records(xml("""
                <ns2:cxBjxxByGxsjResponse xmlns:ns2="http://ws.ypjgsp.fl.cq.gov.cn/" xmlns:x="urn:x">
                  <zs>2</zs>
                  <bjxx><ywlsh>YJ2026110300012</ywlsh><x:cnqx> 20 </x:cnqx><sfjf>true</sfjf></bjxx>
                  <ns2:bjxx><ywlsh>YJ2026110300013</ywlsh><cnqx>007</cnqx></ns2:bjxx>
                </ns2:cxBjxxByGxsjResponse>"""), "bjxx");

        assertThat(records).containsExactly(
                (ObjectNode) json("{\"ywlsh\":\"YJ2026110300012\",\"cnqx\":\"20\",\"sfjf\":\"true\"}"),
                (ObjectNode) json("{\"ywlsh\":\"YJ2026110300013\",\"cnqx\":\"007\"}"));
        assertThat(records.get(0).get("cnqx").isTextual()).as("never a number").isTrue();
    }

    @Test
    void attributesRepeatsNestingAndEmptyElementsFollowTheConvention() throws Exception {
        List<ObjectNode> records = XmlRecords.records(xml("""
                <r xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
                  <bjxx xh="3">
                    <ywlsh>YJ1</ywlsh>
                    <slsj/>
                    <bjsj>   </bjsj>
                    <zsbh xsi:nil="true"/>
                    <sqrzjhm lx="1">50010619990103923X</sqrzjhm>
                    <lxr><xm>张三</xm><dh>13800000000</dh></lxr>
                    <clxx><clmc>申请表</clmc><fs>1</fs></clxx>
                    <clxx><clmc>身份证明复印件</clmc><fs>2</fs></clxx>
                    <bz>第一行<!-- a comment -->第二行<![CDATA[ <原样> & ]]></bz>
                    <hj>受理</hj>
                    <hj/>
                    <gxsj xsi:type="xsd:string">20261103093500</gxsj>
                  </bjxx>
                </r>"""), "bjxx");

        assertThat(records).hasSize(1);
        assertThat(records.get(0)).isEqualTo(json("""
                {"@xh": "3", "ywlsh": "YJ1", "slsj": null, "bjsj": null, "zsbh": null,
                 "sqrzjhm": {"@lx": "1", "#text": "50010619990103923X"},
                 "lxr": {"xm": "张三", "dh": "13800000000"},
                 "clxx": [{"clmc": "申请表", "fs": "1"}, {"clmc": "身份证明复印件", "fs": "2"}],
                 "bz": "第一行第二行 <原样> &",
                 "hj": ["受理", null],
                 "gxsj": "20261103093500"}"""));
    }

    @Test
    void aSingleOccurrenceIsNotAnArrayAndAnEmptyRecordIsAnEmptyObject() throws Exception {
        List<ObjectNode> records = XmlRecords.records(xml("<a><row><clxx><clmc>A</clmc></clxx></row><row/><row>text</row></a>"), "row");

        assertThat(records).containsExactly((ObjectNode) json("{\"clxx\":{\"clmc\":\"A\"}}"), (ObjectNode) json("{}"),
                (ObjectNode) json("{\"#text\":\"text\"}"));
    }

    @Test
    void mixedContentKeepsItsTextAndEntitiesOfXmlItselfAreRead() throws Exception {
        ObjectNode root = XmlRecords.toJson(new StreamSource(new StringReader(
                "<bjxx>办理意见：<b>同意</b>，&lt;准予&gt; &amp; &#x53D1;证</bjxx>")));

        assertThat(root).isEqualTo(json("{\"b\":\"同意\",\"#text\":\"办理意见：，<准予> & 发证\"}"));
    }

    @Test
    void domSourcesFollowTheSameConvention() throws Exception {
        String doc = "<r xmlns:n='urn:n'><n:bjxx xh='1'><a>1</a><a>2</a><b/><c><d>x</d></c></n:bjxx></r>";
        List<ObjectNode> fromDom = XmlRecords.records(new DOMSource(XmlRecords.parse(doc)), "bjxx");
        List<ObjectNode> fromStream = XmlRecords.records(xml(doc), "bjxx");

        assertThat(fromDom).isEqualTo(fromStream)
                .containsExactly((ObjectNode) json("{\"@xh\":\"1\",\"a\":[\"1\",\"2\"],\"b\":null,\"c\":{\"d\":\"x\"}}"));
    }

    @Test
    void valuesOutsideTheRecordsAreReadToo() {
        XmlRecords.Content c = XmlRecords.read(new StreamSource(xml(
                "<resp><zs> 152 </zs><bjxx><zs>inner</zs></bjxx><bjxx/></resp>")), "bjxx", Set.of("zs", "absent"));

        assertThat(c.records()).hasSize(2);
        assertThat(c.values()).containsEntry("zs", "152").doesNotContainKey("absent");
    }

    @Test
    void recordsCanBeStreamedOneByOne() {
        StringBuilder big = new StringBuilder("<rows>");
        for (int i = 0; i < 10_000; i++) {
            big.append("<row n=\"").append(i).append("\"><v>").append(i).append("</v></row>");
        }
        big.append("</rows>");
        List<String> seen = new ArrayList<>();

        XmlRecords.forEachRecord(xml(big.toString()), "row", r -> seen.add(r.get("v").asText()));

        assertThat(seen).hasSize(10_000).startsWith("0", "1").endsWith("9999");
    }

    @Test
    void anExternalEntityIsRefusedAndNothingOfTheFileIsRead(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-LINE");
        for (String target : List.of("file:///etc/passwd", secret.toUri().toString())) {
            String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM \"" + target + "\">]>\n"
                    + "<resp><bjxx><sqr>&e;</sqr></bjxx></resp>";

            assertThatThrownBy(() -> XmlRecords.records(xml(xxe), "bjxx"))
                    .isInstanceOf(XmlRecords.XmlFormatException.class)
                    .hasMessageContaining("DOCTYPE")
                    .hasMessageContaining("line 2")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("root:").doesNotContain("TOP-SECRET"));
            assertThatThrownBy(() -> XmlRecords.parse(xxe))
                    .isInstanceOf(XmlRecords.XmlFormatException.class)
                    .hasMessageContaining("DOCTYPE")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("root:").doesNotContain("TOP-SECRET"));
        }
    }

    @Test
    void aBillionLaughsBombIsRefusedBeforeAnythingIsExpanded() {
        StringBuilder bomb = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n");
        for (int i = 1; i <= 9; i++) {
            bomb.append(" <!ENTITY lol").append(i).append(" \"");
            for (int j = 0; j < 10; j++) {
                bomb.append("&lol").append(i == 1 ? "" : String.valueOf(i - 1)).append(';');
            }
            bomb.append("\">\n");
        }
        bomb.append("]>\n<resp><bjxx><sqr>&lol9;</sqr></bjxx></resp>");

        long start = System.nanoTime();
        assertThatThrownBy(() -> XmlRecords.records(xml(bomb.toString()), "bjxx"))
                .isInstanceOf(XmlRecords.XmlFormatException.class)
                .hasMessageContaining("DOCTYPE")
                .hasMessageContaining("entit");
        assertThatThrownBy(() -> XmlRecords.toJson(new DOMSource(XmlRecords.parse(bomb.toString()))))
                .isInstanceOf(XmlRecords.XmlFormatException.class)
                .hasMessageContaining("DOCTYPE");
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms, refused at once, not expanded").isLessThan(5_000);
    }

    @Test
    void malformedXmlNamesLineAndColumn() {
        assertThatThrownBy(() -> XmlRecords.records(xml("<resp>\n  <bjxx><ywlsh>YJ1</ywlsh>\n  <sqr>张三</sqrr></bjxx></resp>"), "bjxx"))
                .isInstanceOf(XmlRecords.XmlFormatException.class)
                .hasMessageContaining("malformed XML")
                .hasMessageContaining("line 3")
                .satisfies(e -> {
                    XmlRecords.XmlFormatException x = (XmlRecords.XmlFormatException) e;
                    assertThat(x.line()).isEqualTo(3);
                    assertThat(x.column()).isPositive();
                });
        assertThatThrownBy(() -> XmlRecords.records(xml("<resp><bjxx><ywlsh>YJ1</ywlsh>"), "bjxx"))
                .isInstanceOf(XmlRecords.XmlFormatException.class)
                .hasMessageContaining("malformed XML")
                .hasMessageContaining("line 1");
        assertThatThrownBy(() -> XmlRecords.parse("<a>\n<b></a>"))
                .isInstanceOf(XmlRecords.XmlFormatException.class)
                .hasMessageContaining("line 2");
    }

    @Test
    void anUndeclaredEntityIsMalformedNotExpanded() {
        assertThatThrownBy(() -> XmlRecords.records(xml("<r><bjxx>&nbsp;</bjxx></r>"), "bjxx"))
                .isInstanceOf(XmlRecords.XmlFormatException.class)
                .hasMessageContaining("nbsp");
    }
}
