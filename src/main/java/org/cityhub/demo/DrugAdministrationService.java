package org.cityhub.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.transform.Source;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMResult;
import javax.xml.transform.dom.DOMSource;

import org.apache.cxf.Bus;
import org.apache.cxf.binding.soap.Soap11;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.jaxws.EndpointImpl;
import org.cityhub.connector.XmlRecords;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.xml.ws.Provider;
import jakarta.xml.ws.Service;
import jakarta.xml.ws.ServiceMode;
import jakarta.xml.ws.WebServiceProvider;

/**
 * The drug administration's legacy SOAP service 药品监管审批服务 ({@code connectors/drug/YpjgSpService.wsdl}),
 * simulated for demos and tests: a JAX-WS {@link Provider} in PAYLOAD mode (no generated code) over a
 * {@link DrugAdministrationLegacyDb}, behaving as such services of about 2011 do:
 * <ul>
 *   <li>{@code cxBjxxByGxsj(kssj, ym, mysl)}: cases with 更新时间 ≥ kssj ({@code yyyyMMddHHmmss}, China time),
 *       page {@code ym} (1-based) of {@code mysl} (1..500), ordered by (gxsj, ywlsh), with {@code zs} = the
 *       total count; empty values are empty elements, repeated {@code clxx} are the materials;</li>
 *   <li>{@code cxBjxxByYwlsh(ywlsh)}: one case;</li>
 *   <li>{@code sbBjxx(jgm, ptbh, sxbm, sxmc, ...)} (申报办件, 2019 revision): a case the city platform sends is stored
 *       as 待受理 with the platform's supervision code and answered with the bureau's own {@code ywlsh}; the same
 *       {@code jgm} again answers the same {@code ywlsh}; the clerks then accept and decide it, and
 *       {@code cxBjxxByGxsj} returns it with its {@code jgm} like every other case;</li>
 *   <li>bad parameters are a SOAP fault (soap:Client) with a Chinese faultstring such as
 *       {@code 查询参数错误: kssj 格式应为 yyyyMMddHHmmss} and detail {@code <ypjgFault><cwdm>E1001</cwdm>...};
 *       a database failure is a soap:Server fault {@code 系统繁忙: ...};</li>
 *   <li>with {@link #busy(long)} every call takes that long first, like the bureau's database at month end.</li>
 * </ul>
 * Publish it with {@link #publish}; the demo serves it at {@code /services/demo/drug}.
 */
@WebServiceProvider(serviceName = "YpjgSpService", portName = "YpjgSpServicePort",
        targetNamespace = DrugAdministrationService.NS)
@ServiceMode(Service.Mode.PAYLOAD)
public class DrugAdministrationService implements Provider<Source> {

    /** Target namespace of the WSDL; child elements are unqualified. */
    public static final String NS = "http://ws.ypjgsp.fl.cq.gov.cn/";
    public static final QName SERVICE = new QName(NS, "YpjgSpService");
    public static final QName PORT = new QName(NS, "YpjgSpServicePort");

    private static final Pattern TIME = Pattern.compile("\\d{14}");
    private static final int MAX_PAGE_SIZE = 500;

    private final DrugAdministrationLegacyDb db;
    private volatile long busyMillis;

    public DrugAdministrationService(DrugAdministrationLegacyDb db) {
        this.db = db;
    }

    /**
     * Publishes a service on a CXF bus at {@code address} (relative: under the CXF servlet, e.g.
     * {@code /demo/drug}), described by the WSDL file when it exists.
     */
    public static EndpointImpl publish(Bus bus, String address, DrugAdministrationService implementor, Path wsdl) {
        EndpointImpl endpoint = new EndpointImpl(bus, implementor);
        if (wsdl != null && Files.isRegularFile(wsdl)) {
            endpoint.setWsdlLocation(wsdl.toUri().toString());
        }
        endpoint.setServiceName(SERVICE);
        endpoint.setEndpointName(PORT);
        endpoint.publish(address);
        return endpoint;
    }

    /** Every call waits this long before answering (0: answer at once). */
    public void busy(long millis) {
        this.busyMillis = Math.max(0, millis);
    }

    @Override
    public Source invoke(Source request) {
        Element root = element(request);
        JsonNode params = XmlRecords.toJson(root);
        String op = root.getLocalName() == null ? root.getNodeName() : root.getLocalName();
        pause();
        try {
            return switch (op) {
                case "cxBjxxByGxsj" -> changedSince(params);
                case "cxBjxxByYwlsh" -> byNumber(params);
                case "sbBjxx" -> receive(params);
                default -> throw fault("E1000", "不支持的操作: " + op, true);
            };
        } catch (IllegalStateException e) {
            throw fault("E2001", "系统繁忙: 数据库访问失败, 请稍后重试", false);
        }
    }

    private Source changedSince(JsonNode p) {
        String kssj = p.path("kssj").asText("").strip();
        if (!TIME.matcher(kssj).matches() || !validTime(kssj)) {
            throw fault("E1001", "查询参数错误: kssj 格式应为 yyyyMMddHHmmss", true);
        }
        int ym = number(p.path("ym").asText(""), "ym 应为从1开始的页码");
        int mysl = number(p.path("mysl").asText(""), "mysl 应在1到" + MAX_PAGE_SIZE + "之间");
        if (ym < 1) {
            throw fault("E1001", "查询参数错误: ym 应为从1开始的页码", true);
        }
        if (mysl < 1 || mysl > MAX_PAGE_SIZE) {
            throw fault("E1001", "查询参数错误: mysl 应在1到" + MAX_PAGE_SIZE + "之间", true);
        }
        DrugAdministrationLegacyDb.Page page = db.changedSince(kssj, ym, mysl);
        Document doc = XmlRecords.newDocument();
        Element response = doc.createElementNS(NS, "ns2:cxBjxxByGxsjResponse");
        doc.appendChild(response);
        child(response, "zs", Integer.toString(page.total()));
        int xh = 1;
        for (Map<String, Object> row : page.rows()) {
            case_(response, row, xh++);
        }
        return new DOMSource(doc);
    }

    private Source byNumber(JsonNode p) {
        String ywlsh = p.path("ywlsh").asText("").strip();
        if (ywlsh.isEmpty()) {
            throw fault("E1001", "查询参数错误: ywlsh 不能为空", true);
        }
        Document doc = XmlRecords.newDocument();
        Element response = doc.createElementNS(NS, "ns2:cxBjxxByYwlshResponse");
        doc.appendChild(response);
        db.find(ywlsh).ifPresent(row -> case_(response, row, 1));
        return new DOMSource(doc);
    }

    /** 申报办件: the platform's case stored as 待受理; the answer is the bureau's own 业务流水号. */
    private Source receive(JsonNode p) {
        Map<String, Object> c = new java.util.LinkedHashMap<>();
        p.fields().forEachRemaining(f -> {
            if (f.getValue().isValueNode() && !f.getValue().isNull()) {
                c.put(f.getKey().toUpperCase(java.util.Locale.ROOT), f.getValue().asText());
            }
        });
        JsonNode clxx = p.path("clxx");
        List<Map<String, String>> materials = new java.util.ArrayList<>();
        for (JsonNode m : clxx.isArray() ? clxx : clxx.isObject() ? List.of(clxx) : List.<JsonNode>of()) {
            Map<String, String> mat = new java.util.LinkedHashMap<>();
            mat.put("CLMC", m.path("clmc").asText(null));
            mat.put("FS", m.path("fs").asText(null));
            mat.put("TJFS", m.path("tjfs").asText(null));
            materials.add(mat);
        }
        c.put(DrugAdministrationLegacyDb.CLXX, materials);
        String ywlsh;
        try {
            ywlsh = db.receive(c);
        } catch (IllegalArgumentException e) {
            throw fault("E1001", "申报参数错误: " + e.getMessage(), true);
        }
        Document doc = XmlRecords.newDocument();
        Element response = doc.createElementNS(NS, "ns2:sbBjxxResponse");
        doc.appendChild(response);
        child(response, "ywlsh", ywlsh);
        return new DOMSource(doc);
    }

    private static void case_(Element parent, Map<String, Object> row, int xh) {
        Element bjxx = child(parent, "bjxx", null);
        bjxx.setAttribute("xh", Integer.toString(xh));
        for (String column : DrugAdministrationLegacyDb.COLUMNS) {
            Object v = row.get(column);
            if (v == null && DrugAdministrationLegacyDb.PLATFORM_COLUMNS.contains(column)) {
                continue;
            }
            child(bjxx, column.toLowerCase(java.util.Locale.ROOT), v == null ? null : v.toString());
        }
        if (row.get(DrugAdministrationLegacyDb.CLXX) instanceof List<?> materials) {
            for (Object o : materials) {
                Map<?, ?> m = (Map<?, ?>) o;
                Element clxx = child(bjxx, "clxx", null);
                child(clxx, "clmc", (String) m.get("CLMC"));
                child(clxx, "fs", (String) m.get("FS"));
                child(clxx, "tjfs", (String) m.get("TJFS"));
            }
        }
    }

    private static Element child(Element parent, String name, String text) {
        Element e = parent.getOwnerDocument().createElementNS(null, name);
        if (text != null) {
            e.setTextContent(text);
        }
        parent.appendChild(e);
        return e;
    }

    private static boolean validTime(String kssj) {
        try {
            java.time.LocalDateTime.parse(kssj, DrugAdministrationLegacyDb.TIME.withResolverStyle(java.time.format.ResolverStyle.STRICT));
            return true;
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    private static int number(String text, String rule) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw fault("E1001", "查询参数错误: " + rule, true);
        }
    }

    private void pause() {
        long ms = busyMillis;
        if (ms > 0) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A fault as the vendor's service sends it: Chinese faultstring, error code and text in the detail. */
    static SoapFault fault(String code, String message, boolean client) {
        SoapFault fault = new SoapFault(message, client ? Soap11.getInstance().getSender() : Soap11.getInstance().getReceiver());
        Element detail = fault.getOrCreateDetail();
        Document doc = detail.getOwnerDocument();
        Element body = doc.createElementNS(NS, "ns2:ypjgFault");
        Element cwdm = doc.createElementNS(null, "cwdm");
        cwdm.setTextContent(code);
        Element cwxx = doc.createElementNS(null, "cwxx");
        cwxx.setTextContent(message);
        body.appendChild(cwdm);
        body.appendChild(cwxx);
        detail.appendChild(body);
        return fault;
    }

    private static Element element(Source request) {
        if (request instanceof DOMSource dom && dom.getNode() != null) {
            Node n = dom.getNode();
            if (n instanceof Document d) {
                return d.getDocumentElement();
            }
            if (n instanceof Element e) {
                return e;
            }
        }
        if (request == null) {
            throw fault("E1000", "请求报文为空", true);
        }
        try {
            TransformerFactory tf = TransformerFactory.newDefaultInstance();
            tf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            DOMResult result = new DOMResult();
            tf.newTransformer().transform(request, result);
            return ((Document) result.getNode()).getDocumentElement();
        } catch (TransformerException e) {
            throw fault("E1000", "请求报文格式错误", true);
        }
    }
}
