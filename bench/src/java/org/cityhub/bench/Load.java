package org.cityhub.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * A closed-loop load driver: {@code clients} threads, each sending its next request as soon as the last one
 * is answered (java.net.http, HTTP/1.1 keep-alive). A warm-up phase is not recorded; in the measured window
 * every answer's latency is kept, so percentiles are exact.
 */
public final class Load {

    /** What one measured window gave. */
    public record Result(long requests, long errors, double seconds, double perSecond, double p50Millis, double p99Millis,
                         MachineCpu.Snapshot cpu) {

        /** CPU milliseconds per request of the measured window: {@code seconds} of a part of {@link #cpu}. */
        double msPerRequest(double seconds) {
            return seconds * 1000 / Math.max(1, requests);
        }
    }

    private Load() {
    }

    /**
     * @param request builds the i-th request of a client (i counts across all clients)
     * @param server  the pid of the process under load, whose CPU over the measured window {@link Result#cpu} gives
     */
    public static Result run(int clients, Duration warmUp, Duration window, IntFunction<HttpRequest> request, long server)
            throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        AtomicLong counter = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long measureFrom = start + warmUp.toNanos();
        long end = measureFrom + window.toNanos();
        List<long[]> perClient = new ArrayList<>();
        int[] sizes = new int[clients];
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            long[] lat = new long[1 << 16];
            perClient.add(lat);
            int me = c;
            Thread t = new Thread(() -> {
                long[] mine = perClient.get(me);
                int n = 0;
                while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= end) {
                        break;
                    }
                    boolean ok;
                    try {
                        HttpResponse<byte[]> r = http.send(request.apply((int) counter.getAndIncrement()),
                                HttpResponse.BodyHandlers.ofByteArray());
                        ok = r.statusCode() / 100 == 2;
                    } catch (Exception e) {
                        ok = false;
                    }
                    long t1 = System.nanoTime();
                    if (t0 >= measureFrom && t1 <= end) {
                        if (!ok) {
                            errors.incrementAndGet();
                        }
                        if (n == mine.length) {
                            mine = Arrays.copyOf(mine, mine.length * 2);
                            perClient.set(me, mine);
                        }
                        mine[n++] = t1 - t0;
                    }
                }
                sizes[me] = n;
            }, "load-" + c);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        Thread.sleep(Math.max(0, (measureFrom - System.nanoTime()) / 1_000_000));
        MachineCpu.Snapshot cpu0 = MachineCpu.now(server);
        Thread.sleep(Math.max(0, (end - System.nanoTime()) / 1_000_000));
        MachineCpu.Snapshot cpu = MachineCpu.now(server).since(cpu0);
        for (Thread t : threads) {
            t.join();
        }
        int total = 0;
        for (int s : sizes) {
            total += s;
        }
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(perClient.get(c), 0, all, at, sizes[c]);
            at += sizes[c];
        }
        Arrays.sort(all);
        double seconds = window.toNanos() / 1e9;
        return new Result(total, errors.get(), seconds, total / seconds, Stats.percentileMillis(all, 50),
                Stats.percentileMillis(all, 99), cpu);
    }

    public static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).header("X-Api-Key", Hub.API_KEY).GET().build();
    }
}
