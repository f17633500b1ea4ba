package org.cityhub.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import javax.xml.namespace.QName;
import javax.xml.transform.Source;
import javax.xml.transform.stream.StreamSource;

import org.apache.cxf.endpoint.Client;
import org.apache.cxf.jaxws.DispatchImpl;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;

import jakarta.xml.ws.Dispatch;
import jakarta.xml.ws.Service;
import jakarta.xml.ws.soap.SOAPBinding;

/**
 * The call-out's HTTP conduit alone, outside the hub: a CXF {@code Dispatch<Source>} in PAYLOAD mode (configured
 * as {@code SoapCallout} configures it) against the bench's {@link SoapStub}, {@code clients} threads in a closed
 * loop, next to plain java.net.http posts of the same envelope. Prints requests/s and p50/p99 per variant.
 *
 * <pre>
 * java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" org.cityhub.bench.ConduitProbe [clients] [seconds] [variant...]
 * </pre>
 * Variants: {@code direct} (java.net.http, HTTP/1.1), {@code default} (CXF as the hub had it: the conduit's
 * java.net.http client with its default version, HTTP/2), {@code http11} (the same conduit with the client policy's
 * version "1.1"), {@code urlconnection} (CXF's HttpURLConnection conduit).
 */
public final class ConduitProbe {

    private ConduitProbe() {
    }

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        Duration window = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 8);
        List<String> variants = args.length > 2 ? Arrays.asList(args).subList(2, args.length)
                : List.of("direct", "default", "http11", "urlconnection");
        try (SoapStub stub = new SoapStub()) {
            for (String v : variants) {
                Supplier<Runnable> call = switch (v) {
                    case "direct" -> direct(stub);
                    case "default" -> dispatch(stub, null, false);
                    case "http11" -> dispatch(stub, "1.1", false);
                    case "urlconnection" -> dispatch(stub, null, true);
                    default -> throw new IllegalArgumentException(v);
                };
                long before = stub.calls();
                String r = run(clients, Duration.ofSeconds(3), window, call);
                System.out.println("PROBE " + v + ": " + r + " (stub calls " + (stub.calls() - before) + ")");
            }
        }
        System.exit(0);
    }

    private static Supplier<Runnable> direct(SoapStub stub) {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        java.net.URI uri = java.net.URI.create(stub.address());
        return () -> () -> {
            try {
                var r = http.send(java.net.http.HttpRequest.newBuilder(uri).header("Content-Type", "text/xml; charset=UTF-8")
                        .header("SOAPAction", "\"\"").POST(java.net.http.HttpRequest.BodyPublishers.ofString(SoapStub.envelope("QS-1")))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("HTTP " + r.statusCode());
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /** One Dispatch shared by every thread, as the hub shares one per operation. */
    private static Supplier<Runnable> dispatch(SoapStub stub, String version, boolean urlConnection) {
        QName service = new QName(SoapStub.NS, "QsxkService");
        QName port = new QName(SoapStub.NS, "QsxkServicePort");
        Service s = Service.create(service);
        s.addPort(port, SOAPBinding.SOAP11HTTP_BINDING, stub.address());
        Dispatch<Source> d = s.createDispatch(port, Source.class, Service.Mode.PAYLOAD);
        Map<String, Object> ctx = d.getRequestContext();
        if (urlConnection) {
            ctx.put("force.urlconnection.http.conduit", Boolean.TRUE);
        }
        Client client = ((DispatchImpl<?>) d).getClient();
        HTTPClientPolicy policy = new HTTPClientPolicy();
        policy.setConnectionTimeout(5000);
        policy.setReceiveTimeout(6000);
        policy.setAllowChunking(false);
        if (version != null) {
            policy.setVersion(version);
        }
        ((HTTPConduit) client.getConduit()).setClient(policy);
        String body = "<ns2:cxQsxk xmlns:ns2=\"" + SoapStub.NS + "\"><xkzh>QS-1</xkzh></ns2:cxQsxk>";
        return () -> () -> {
            Source reply = d.invoke(new StreamSource(new java.io.StringReader(body)));
            if (reply == null) {
                throw new IllegalStateException("no reply");
            }
        };
    }

    private static String run(int clients, Duration warmUp, Duration window, Supplier<Runnable> calls) throws InterruptedException {
        long start = System.nanoTime();
        long measureFrom = start + warmUp.toNanos();
        long end = measureFrom + window.toNanos();
        AtomicLong errors = new AtomicLong();
        List<long[]> lat = new ArrayList<>();
        int[] sizes = new int[clients];
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            long[] mine0 = new long[1 << 17];
            lat.add(mine0);
            int me = c;
            Runnable call = calls.get();
            Thread t = new Thread(() -> {
                long[] mine = lat.get(me);
                int n = 0;
                while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= end) {
                        break;
                    }
                    boolean ok = true;
                    try {
                        call.run();
                    } catch (RuntimeException e) {
                        ok = false;
                    }
                    long t1 = System.nanoTime();
                    if (t0 >= measureFrom && t1 <= end) {
                        if (!ok) {
                            errors.incrementAndGet();
                        }
                        if (n == mine.length) {
                            mine = Arrays.copyOf(mine, mine.length * 2);
                            lat.set(me, mine);
                        }
                        mine[n++] = t1 - t0;
                    }
                }
                sizes[me] = n;
            }, "probe-" + c);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        int total = Arrays.stream(sizes).sum();
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(lat.get(c), 0, all, at, sizes[c]);
            at += sizes[c];
        }
        Arrays.sort(all);
        double secs = window.toNanos() / 1e9;
        return String.format("%d requests, %d errors, %.0f req/s, p50 %.2f ms, p99 %.2f ms", total, errors.get(), total / secs,
                total == 0 ? 0 : all[(int) (total * 0.50)] / 1e6, total == 0 ? 0 : all[Math.min(total - 1, (int) (total * 0.99))] / 1e6);
    }
}
