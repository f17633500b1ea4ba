package org.cityhub.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDateTime;

import javax.xml.namespace.QName;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The soap-poll parameters: the demo's connector file, the port placeholder, and precise errors for broken ones. */
class SoapPollParametersTest {

    private static final Path HOME = Path.of(".");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ConnectorFile.Source drugSource(MockEnvironment env) {
        ConnectorFile file = new ConnectorLoader(Path.of("connectors"), env).load(Path.of("connectors/drug.yaml"));
        return file.source("cases");
    }

    @Test
    void theDemoConnectorFileReachesTheServiceOnThePortTheWebServerBound() {
        ConnectorFile.Source s = drugSource(new MockEnvironment().withProperty("local.server.port", "41234")
                .withProperty("server.port", "0"));
        SoapPollParameters p = SoapPollParameters.from(s.parameters(), HOME);

        assertThat(s.template()).isEqualTo("soap-poll");
        assertThat(p.address()).isEqualTo("http://127.0.0.1:41234/services/demo/drug");
        assertThat(p.request()).contains("<kssj>${since}</kssj>").contains("<ym>${page}</ym>");
        assertThat(p.fill(LocalDateTime.of(2026, 11, 3, 9, 30), 2)).contains("<kssj>20261103093000</kssj>")
                .contains("<ym>2</ym>").contains("<mysl>50</mysl>");
        assertThat(p.ignoredFields()).containsExactly("@xh");
        assertThat(p.initialSinceTime()).isEqualTo(LocalDateTime.of(1990, 1, 1, 0, 0));
    }

    @Test
    void withoutAWebServerPortTheConfiguredPortIsUsed() {
        assertThat(SoapPollParameters.from(drugSource(new MockEnvironment().withProperty("server.port", "9090")).parameters(), HOME)
                .address()).isEqualTo("http://127.0.0.1:9090/services/demo/drug");
        assertThat(SoapPollParameters.from(drugSource(new MockEnvironment()).parameters(), HOME).address())
                .isEqualTo("http://127.0.0.1:8080/services/demo/drug");
    }

    @Test
    void portZeroIsRefusedWithAHint() {
        assertThatThrownBy(() -> SoapPollParameters.from(drugSource(new MockEnvironment().withProperty("server.port", "0"))
                .parameters(), HOME))
                .hasMessageStartingWith("address:").hasMessageContaining("${local.server.port}");
    }

    @Test
    void serviceAndPortAreFoundInTheWsdl() {
        SoapPollParameters p = SoapPollParameters.from(valid(), HOME);
        SoapPollSource.Target t = SoapPollSource.target(p);

        String ns = "http://ws.ypjgsp.fl.cq.gov.cn/";
        assertThat(t.service()).isEqualTo(new QName(ns, "YpjgSpService"));
        assertThat(t.port()).isEqualTo(new QName(ns, "YpjgSpServicePort"));
        assertThat(t.operation()).isEqualTo(new QName(ns, "cxBjxxByGxsj"));
    }

    @Test
    void brokenParametersNameTheParameterAndTheReason() {
        assertThatThrownBy(() -> SoapPollParameters.from(valid().put("wsdl", "connectors/drug/missing.wsdl"), HOME))
                .hasMessageStartingWith("wsdl:").hasMessageContaining("missing.wsdl");
        assertThatThrownBy(() -> SoapPollParameters.from(valid().put("request", "<a><kssj>19900101</kssj></a>"), HOME))
                .hasMessageStartingWith("request:").hasMessageContaining("${since}");
        assertThatThrownBy(() -> SoapPollParameters.from(valid().put("request", "<a><kssj>${since}</kssj>"), HOME))
                .hasMessageStartingWith("request:").hasMessageContaining("well-formed");
        assertThatThrownBy(() -> SoapPollParameters.from(valid().put("initialSince", "1990-01-01"), HOME))
                .hasMessageStartingWith("initialSince:").hasMessageContaining("yyyyMMddHHmmss");
        assertThatThrownBy(() -> SoapPollParameters.from(valid().put("overlap", "10 minutes"), HOME))
                .hasMessageStartingWith("overlap:");
        assertThatThrownBy(() -> SoapPollParameters.from(valid().put("address", "10.20.3.15:8080/ws"), HOME))
                .hasMessageStartingWith("address:");
        assertThatThrownBy(() -> SoapPollSource.target(SoapPollParameters.from(valid().put("operation", "cxBjxx"), HOME)))
                .hasMessageStartingWith("operation:").hasMessageContaining("cxBjxxByGxsj").hasMessageContaining("cxBjxxByYwlsh");
        assertThatThrownBy(() -> SoapPollSource.target(SoapPollParameters.from(valid().put("port", "Other"), HOME)))
                .hasMessageStartingWith("port:").hasMessageContaining("YpjgSpServicePort");
    }

    @Test
    void thePasswordIsNeverPrinted() {
        SoapPollParameters p = SoapPollParameters.from(valid().put("username", "u").put("password", "s3cret"), HOME);

        assertThat(p.toString()).doesNotContain("s3cret");
    }

    private static ObjectNode valid() {
        ObjectNode p = JSON.createObjectNode();
        p.put("wsdl", "connectors/drug/YpjgSpService.wsdl");
        p.put("address", "http://10.20.3.15:8080/ypjgsp/services/YpjgSpService");
        p.put("operation", "cxBjxxByGxsj");
        p.put("request", "<ns2:cxBjxxByGxsj xmlns:ns2='http://ws.ypjgsp.fl.cq.gov.cn/'><kssj>${since}</kssj>"
                + "<ym>${page}</ym><mysl>${pageSize}</mysl></ns2:cxBjxxByGxsj>");
        p.put("recordElement", "bjxx");
        p.put("watermarkField", "gxsj");
        return p;
    }
}
