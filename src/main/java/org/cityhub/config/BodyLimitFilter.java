package org.cityhub.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The request body limit ({@link RequestLimits#maxBody()}) on every endpoint the web server serves, the
 * JSON API and the SOAP services alike. A request announcing a larger {@code Content-Length} is refused
 * before a byte of it is read; a body without one (chunked) is counted as it is read, and reading stops
 * with an error at the first byte over the limit, so a hostile sender never fills memory. Either way the
 * answer is {@code 413 application/problem+json} naming the limit, and nothing of the request was acted on
 * (the handler failed on its input before it could store anything).
 */
final class BodyLimitFilter extends OncePerRequestFilter {

    private final long max;
    private final String limitText;

    BodyLimitFilter(RequestLimits limits) {
        this.max = limits.maxBody().toBytes();
        this.limitText = limits.maxBody().toBytes() % (1024 * 1024) == 0 ? limits.maxBody().toMegabytes() + " MB"
                : limits.maxBody().toBytes() % 1024 == 0 ? limits.maxBody().toKilobytes() + " KB" : max + " bytes";
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long announced = request.getContentLengthLong();
        if (announced > max) {
            refuse(response, "the request body is " + announced + " bytes; the limit is " + limitText + " ("
                    + max + " bytes, cityhub.limits.max-body)");
            return;
        }
        CountingRequest counted = new CountingRequest(request, max);
        try {
            chain.doFilter(counted, new SilencedOnExcess(response, counted));
        } catch (IOException | ServletException | RuntimeException e) {
            if (!counted.exceeded || response.isCommitted()) {
                throw e;
            }
        }
        if (counted.exceeded && !response.isCommitted()) {
            // whatever the handler made of its broken input (a 400, a SOAP fault) is replaced by the real reason
            response.reset();
            refuse(response, "the request body is larger than the limit of " + limitText + " (" + max
                    + " bytes, cityhub.limits.max-body); it was sent without Content-Length and read up to the limit");
        }
    }

    private static void refuse(HttpServletResponse response, String detail) throws IOException {
        response.setStatus(413);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Connection", "close");
        String body = "{\"type\":\"https://cityhub.example/problems/payload-too-large\",\"title\":\"Payload too large\","
                + "\"status\":413,\"detail\":\"" + detail.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The response as the handler sees it: from the moment the body went over the limit, whatever the handler
     * makes of its broken input (a 400, a SOAP fault; often flushed at once) is dropped, so that the 413 can
     * still be written.
     */
    private static final class SilencedOnExcess extends jakarta.servlet.http.HttpServletResponseWrapper {
        private final CountingRequest request;
        private ServletOutputStreamView out;
        private java.io.PrintWriter writer;

        SilencedOnExcess(HttpServletResponse response, CountingRequest request) {
            super(response);
            this.request = request;
        }

        private boolean silenced() {
            return request.exceeded;
        }

        @Override
        public void setStatus(int sc) {
            if (!silenced()) {
                super.setStatus(sc);
            }
        }

        @Override
        public void sendError(int sc, String msg) throws IOException {
            if (!silenced()) {
                super.sendError(sc, msg);
            }
        }

        @Override
        public void sendError(int sc) throws IOException {
            if (!silenced()) {
                super.sendError(sc);
            }
        }

        @Override
        public void setHeader(String name, String value) {
            if (!silenced()) {
                super.setHeader(name, value);
            }
        }

        @Override
        public void addHeader(String name, String value) {
            if (!silenced()) {
                super.addHeader(name, value);
            }
        }

        @Override
        public void setContentType(String type) {
            if (!silenced()) {
                super.setContentType(type);
            }
        }

        @Override
        public void setContentLength(int len) {
            if (!silenced()) {
                super.setContentLength(len);
            }
        }

        @Override
        public void setContentLengthLong(long len) {
            if (!silenced()) {
                super.setContentLengthLong(len);
            }
        }

        @Override
        public void flushBuffer() throws IOException {
            if (!silenced()) {
                super.flushBuffer();
            }
        }

        @Override
        public jakarta.servlet.ServletOutputStream getOutputStream() throws IOException {
            if (out == null) {
                out = new ServletOutputStreamView();
            }
            return out;
        }

        @Override
        public java.io.PrintWriter getWriter() throws IOException {
            // handlers answering a broken body write through the output stream (Spring MVC, CXF); a writer asked for
            // after the excess goes nowhere, one asked for before is the container's own (flushed by it as usual)
            if (silenced()) {
                if (writer == null) {
                    writer = new java.io.PrintWriter(java.io.Writer.nullWriter());
                }
                return writer;
            }
            return super.getWriter();
        }

        private final class ServletOutputStreamView extends jakarta.servlet.ServletOutputStream {
            private jakarta.servlet.ServletOutputStream real() throws IOException {
                return SilencedOnExcess.super.getOutputStream();
            }

            @Override
            public void write(int b) throws IOException {
                if (!silenced()) {
                    real().write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (!silenced()) {
                    real().write(b, off, len);
                }
            }

            @Override
            public void flush() throws IOException {
                if (!silenced()) {
                    real().flush();
                }
            }

            @Override
            public void close() throws IOException {
                if (!silenced()) {
                    real().close();
                }
            }

            @Override
            public boolean isReady() {
                try {
                    return silenced() || real().isReady();
                } catch (IOException e) {
                    return false;
                }
            }

            @Override
            public void setWriteListener(jakarta.servlet.WriteListener listener) {
                try {
                    real().setWriteListener(listener);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
    }

    /** Thrown to the reader at the first byte over the limit. */
    static final class BodyTooLarge extends IOException {
        BodyTooLarge(long max) {
            super("request body larger than " + max + " bytes (cityhub.limits.max-body)");
        }
    }

    private static final class CountingRequest extends HttpServletRequestWrapper {
        private final long max;
        private ServletInputStream stream;
        private java.io.BufferedReader reader;
        boolean exceeded;

        CountingRequest(HttpServletRequest request, long max) {
            super(request);
            this.max = max;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream());
            }
            return stream;
        }

        @Override
        public java.io.BufferedReader getReader() throws IOException {
            if (reader == null) {
                String enc = getCharacterEncoding() == null ? "UTF-8" : getCharacterEncoding();
                reader = new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), enc));
            }
            return reader;
        }

        private final class Counting extends ServletInputStream {
            private final ServletInputStream in;
            private long count;

            Counting(ServletInputStream in) {
                this.in = in;
            }

            private int counted(int n) throws IOException {
                if (n > 0) {
                    count += n;
                    if (count > max) {
                        exceeded = true;
                        throw new BodyTooLarge(max);
                    }
                }
                return n;
            }

            @Override
            public int read() throws IOException {
                int b = in.read();
                if (b >= 0) {
                    counted(1);
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return counted(in.read(b, off, len));
            }

            @Override
            public boolean isFinished() {
                return in.isFinished();
            }

            @Override
            public boolean isReady() {
                return in.isReady();
            }

            @Override
            public void setReadListener(ReadListener listener) {
                in.setReadListener(listener);
            }
        }
    }
}
