package org.cityhub.connector;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.cityhub.store.RawArchive;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code file-drop} source of one department connector: reads one complete file from the
 * department's inbox (the route's read lock or done-file guarantees it is complete), streams its
 * records in batches into {@link RecordIntake}, and tells the route where to move the file:
 * {@code .done/} when it was read (records that could not even be parsed are dead-lettered one by one,
 * with a report beside the file), {@code .error/} with a {@code .reason.txt} when the file as a whole
 * is unreadable (wrong charset, no header, broken structure). An infrastructure failure (store or
 * broker down) leaves the file in the inbox, to be read again; records already accepted are then
 * recognised by their content hash and not queued twice.
 *
 * <p>Charset: a byte order mark wins (UTF-8, UTF-16); otherwise the configured charset, GB18030 by
 * default (a superset of GBK and GB2312, what Chinese legacy systems write). Decoding is strict: bytes
 * that are not valid in the charset reject the file with the line where it happened.
 */
public final class FileDropSource implements AutoCloseable, RouteParameterSource {

    private static final Logger log = LoggerFactory.getLogger(FileDropSource.class);
    /** Exchange property read by the route's {@code move} option: where the file goes after reading. */
    public static final String TARGET = "CityhubFileTarget";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS");

    private final String department;
    private final String connector;
    private final FileDropParameters params;
    private final RecordIntake intake;
    private final QueueWriter queues;
    private final ObjectMapper json;

    /** What reading one file did. */
    public record FileResult(String file, String target, int records, int queued, int rejected, String error) {
    }

    FileDropSource(String department, String connector, FileDropParameters params, RecordIntake intake,
                   QueueWriter queues, ObjectMapper json) {
        this.department = department;
        this.connector = connector;
        this.params = params;
        this.intake = intake;
        this.queues = queues;
        this.json = json;
        try {
            Files.createDirectories(params.inbox());
        } catch (IOException e) {
            throw new IllegalArgumentException("inbox: cannot create folder " + params.inbox() + ": " + e.getMessage());
        }
    }

    /** Called by the file-drop route with the file to read. */
    public FileResult process(Exchange exchange) throws IOException {
        File file = exchange.getMessage().getBody(File.class);
        FileResult result = read(file.toPath());
        exchange.setProperty(TARGET, result.target());
        exchange.getMessage().setBody(result);
        return result;
    }

    /** Reads one file; returns where it must go ({@code .done/...} or {@code .error/...}). */
    FileResult read(Path file) throws IOException {
        String name = file.getFileName().toString();
        String stamped = LocalDateTime.now().format(STAMP) + "-" + name;
        // the department names the file: its .done/ or .error/ place (and report) must stay inside the inbox
        insideInbox(".done/" + stamped);
        Counts counts = new Counts();
        try {
            long size = Files.size(file);
            if (size > params.maxFileBytes()) {
                throw new FileRejected("the file is " + size + " bytes, more than the limit of " + params.maxFileBytes()
                        + " bytes (parameters.maxFileBytes); nothing of it was read");
            }
            switch (params.format()) {
                case "csv" -> readCsv(file, name, counts);
                case "json" -> readJson(file, name, counts);
                case "xml" -> readXml(file, name, counts);
                default -> throw new FileRejected("format '" + params.format() + "' is not supported here");
            }
        } catch (FileRejected | RecordIntake.Refused e) {
            String target = ".error/" + stamped;
            writeBeside(target + ".reason.txt", "file: " + name + "\nrejected: " + e.getMessage()
                    + "\nrecords accepted before the error: " + counts.queued
                    + "\nfix the file (or the connector's parameters) and drop it into the inbox again\n");
            log.warn("{}-{}: file {} rejected: {}", department, connector, name, e.getMessage());
            return new FileResult(name, target, counts.records, counts.queued, counts.rejected, e.getMessage());
        }
        String target = ".done/" + stamped;
        if (counts.rejected > 0) {
            writeBeside(target + ".report.txt", "file: " + name + "\nrecords: " + counts.records + "\nqueued: " + counts.queued
                    + "\nrejected (in queue " + ExchangeQueues.deadLetter(department) + "): " + counts.rejected + "\n"
                    + String.join("\n", counts.reasons) + "\n");
        }
        log.info("{}-{}: file {} read: {} records, {} new or changed, {} rejected", department, connector, name,
                counts.records, counts.queued, counts.rejected);
        return new FileResult(name, target, counts.records, counts.queued, counts.rejected, null);
    }

    private void readCsv(Path file, String name, Counts counts) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(params.delimiter()).setHeader().setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true).setTrim(true).setAllowMissingColumnNames(false).setDuplicateHeaderMode(
                        org.apache.commons.csv.DuplicateHeaderMode.DISALLOW).get();
        try (Reader reader = open(file); CSVParser csv = parse(format, reader, file)) {
            List<String> header = csv.getHeaderNames();
            List<String> keys = header.stream().map(h -> params.columns().getOrDefault(h, h)).toList();
            Batch batch = new Batch();
            Iterator<CSVRecord> it = csv.iterator();
            while (true) {
                CSVRecord row;
                // the next record starts on the line after the last one read
                long startLine = csv.getCurrentLineNumber() + 1;
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    row = it.next();
                } catch (java.io.UncheckedIOException e) {
                    if (e.getCause() != null && String.valueOf(e.getCause().getMessage()).contains("EOF reached before encapsulated token finished")) {
                        throw new FileRejected("unbalanced quotes: the quoted field opened in the record starting at line " + startLine
                                + " is never closed (the file ends inside it, at line " + csv.getCurrentLineNumber() + ")");
                    }
                    if (e.getCause() != null && String.valueOf(e.getCause().getMessage()).contains("invalid char between encapsulated token and delimiter")) {
                        throw new FileRejected("unbalanced quotes in the record starting at line " + startLine
                                + ": a quoted field is followed by text before the next delimiter (a quote inside a field must be doubled)");
                    }
                    throw rejected(e.getCause(), file, csv.getCurrentLineNumber());
                } catch (IllegalStateException e) {
                    throw new FileRejected("broken CSV near line " + csv.getCurrentLineNumber() + ": " + e.getMessage());
                }
                counts.records++;
                long line = row.getParser().getCurrentLineNumber();
                if (row.size() != header.size()) {
                    reject(counts, name, line, "line " + line, header.size() + " columns (" + String.join(",", header) + ")",
                            row.size() + " columns", row.toList());
                    continue;
                }
                ObjectNode record = json.createObjectNode();
                for (int i = 0; i < keys.size(); i++) {
                    String v = row.get(i);
                    if (v == null || v.isEmpty()) {
                        record.putNull(keys.get(i));
                    } else {
                        record.put(keys.get(i), v);
                    }
                }
                batch.add(name + "#" + line, record, counts);
            }
            batch.flush(counts);
        }
    }

    private CSVParser parse(CSVFormat format, Reader reader, Path file) throws IOException {
        try {
            CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get();
            if (parser.getHeaderNames().isEmpty()) {
                throw new FileRejected("no header line: the first line must name the columns");
            }
            return parser;
        } catch (IllegalArgumentException e) {
            throw new FileRejected("header line: " + e.getMessage());
        } catch (CharacterCodingException e) {
            throw rejected(e, file, 1);
        }
    }

    private void readJson(Path file, String name, Counts counts) throws IOException {
        try (Reader reader = open(file); JsonParser parser = json.getFactory().createParser(reader)) {
            JsonToken first;
            try {
                first = parser.nextToken();
            } catch (CharacterCodingException e) {
                // the parser reads ahead: the first token already decodes the first buffer
                throw rejected(e, file, 1);
            }
            if (first == null) {
                return;
            }
            if (first != JsonToken.START_ARRAY && first != JsonToken.START_OBJECT) {
                throw new FileRejected("expected a JSON array of records or one record object per line, got " + first);
            }
            if (first == JsonToken.START_ARRAY) {
                parser.nextToken();
            }
            Batch batch = new Batch();
            MappingIterator<JsonNode> it = json.readerFor(JsonNode.class).readValues(parser);
            int index = 0;
            while (true) {
                JsonNode node;
                try {
                    if (!it.hasNextValue()) {
                        break;
                    }
                    node = it.nextValue();
                } catch (JsonProcessingException e) {
                    throw new FileRejected("broken JSON at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
                } catch (CharacterCodingException e) {
                    throw rejected(e, file, parser.currentLocation().getLineNr());
                }
                index++;
                counts.records++;
                if (!(node instanceof ObjectNode record)) {
                    reject(counts, name, index, "record " + index, "a JSON object", node.getNodeType().name(), List.of(node.toString()));
                    continue;
                }
                batch.add(name + "#" + index, record, counts);
            }
            batch.flush(counts);
        }
    }

    /** XML records are streamed with the one XML convention of {@link XmlRecords}; the prolog's encoding applies. */
    private void readXml(Path file, String name, Counts counts) throws IOException {
        if (params.recordElement() == null || params.recordElement().isBlank()) {
            throw new FileRejected("parameters.recordElement is not set: name the element that holds one record");
        }
        Batch batch = new Batch();
        int[] index = {0};
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
            XmlRecords.forEachRecord(in, params.recordElement(), record -> {
                index[0]++;
                counts.records++;
                batch.add(name + "#" + index[0], record, counts);
            });
        } catch (XmlRecords.XmlFormatException e) {
            throw new FileRejected(e.getMessage());
        }
        batch.flush(counts);
    }

    /** Opens the file as text: a byte order mark wins, else the configured charset; strict decoding. */
    private Reader open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
        in.mark(4);
        byte[] bom = in.readNBytes(3);
        Charset charset = params.charset();
        int skip = 0;
        if (bom.length >= 3 && (bom[0] & 0xFF) == 0xEF && (bom[1] & 0xFF) == 0xBB && (bom[2] & 0xFF) == 0xBF) {
            charset = StandardCharsets.UTF_8;
            skip = 3;
        } else if (bom.length >= 2 && (bom[0] & 0xFF) == 0xFF && (bom[1] & 0xFF) == 0xFE) {
            charset = StandardCharsets.UTF_16LE;
            skip = 2;
        } else if (bom.length >= 2 && (bom[0] & 0xFF) == 0xFE && (bom[1] & 0xFF) == 0xFF) {
            charset = StandardCharsets.UTF_16BE;
            skip = 2;
        }
        in.reset();
        in.skipNBytes(skip);
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return new BufferedReader(new InputStreamReader(in, decoder), 64 * 1024);
    }

    private FileRejected rejected(Throwable e, Path file, long line) {
        if (e instanceof CharacterCodingException) {
            return new FileRejected("not valid " + params.charset().name() + " text " + locateUndecodable(file)
                    + " (set parameters.charset to the encoding the department writes, e.g. UTF-8 or GB18030)");
        }
        return new FileRejected("unreadable near line " + line + ": " + e.getMessage());
    }

    /**
     * Where decoding fails: line and byte offset. Readers decode ahead in large buffers, so the parser's
     * line count is no guide; this re-reads the file up to the first bad byte (only on this error path).
     */
    private String locateUndecodable(Path file) {
        CharsetDecoder decoder = params.charset().newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (var channel = Files.newByteChannel(file)) {
            java.nio.ByteBuffer in = java.nio.ByteBuffer.allocate(8192);
            java.nio.CharBuffer out = java.nio.CharBuffer.allocate(8192);
            long consumed = 0;
            long line = 1;
            boolean eof = false;
            while (!eof) {
                eof = channel.read(in) < 0;
                in.flip();
                int before = in.position();
                java.nio.charset.CoderResult r = decoder.decode(in, out, eof);
                out.flip();
                for (int i = 0; i < out.length(); i++) {
                    if (out.charAt(i) == '\n') {
                        line++;
                    }
                }
                out.clear();
                consumed += in.position() - before;
                if (r.isError()) {
                    return "at line " + line + ", byte offset " + consumed;
                }
                in.compact();
            }
        } catch (IOException io) {
            return "(position unknown: " + io.getMessage() + ")";
        }
        return "(position unknown)";
    }

    /** A record that cannot become a record at all goes to the dead-letter queue with its reason. */
    private void reject(Counts counts, String file, long position, String fieldPath, String expected, String actual,
                        List<String> values) throws JsonProcessingException {
        counts.rejected++;
        String reason = fieldPath + ": expected " + expected + ", got " + actual;
        if (counts.reasons.size() < 1000) {
            counts.reasons.add(reason);
        }
        ObjectNode body = json.createObjectNode();
        body.put("file", file);
        body.put("position", position);
        values.forEach(body.putArray("values")::add);
        Map<String, Object> properties = new java.util.HashMap<>();
        properties.put(ExchangeQueues.DEPARTMENT, department);
        properties.put(ExchangeQueues.CONNECTOR, connector);
        properties.put(ExchangeQueues.RECORD_KEY, file + "#" + position);
        properties.put(ExchangeQueues.STAGE, "parse");
        properties.put(ExchangeQueues.ERROR, "record rejected while reading " + file + ": " + reason);
        properties.put(ExchangeQueues.FIELD_PATH, fieldPath);
        properties.put(ExchangeQueues.EXPECTED, expected.length() > 1000 ? expected.substring(0, 1000) : expected);
        properties.put(ExchangeQueues.ACTUAL, actual);
        properties.put(ExchangeQueues.ATTEMPTS, 1);
        queues.send(ExchangeQueues.deadLetter(department), List.of(new QueueWriter.Outgoing(json.writeValueAsString(body), properties)));
    }

    /**
     * Writes a report beside a moved file whole or not at all: into a hidden file first, then renamed, so that an
     * operator or a tool watching {@code .error/} never reads a report half written (or empty).
     */
    private void writeBeside(String relative, String text) throws IOException {
        Path target = insideInbox(relative);
        Files.createDirectories(target.getParent());
        Path partial = target.resolveSibling("." + target.getFileName() + ".partial");
        Files.writeString(partial, text, StandardCharsets.UTF_8);
        Files.move(partial, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    public Path inbox() {
        return params.inbox();
    }

    /**
     * A path under the inbox for a name built from a file's name: a name that would lead outside it (a
     * separator or dot-segments smuggled in) is refused, so that a move or report never touches a file
     * elsewhere. Files named by the file system cannot hold a separator; this holds whatever the source.
     */
    Path insideInbox(String relative) {
        Path inbox = params.inbox().toAbsolutePath().normalize();
        Path target = inbox.resolve(relative).normalize();
        if (!target.startsWith(inbox) || target.equals(inbox) || relative.indexOf('\u0000') >= 0) {
            throw new IllegalArgumentException("file name leads outside the inbox " + inbox + ": refused");
        }
        return target;
    }

    @Override
    public Map<String, String> routeParameters() {
        return Map.of("inbox", params.inbox().toAbsolutePath().toString());
    }

    @Override
    public void close() {
        // nothing held between files
    }

    /** Records of one file waiting to be accepted, flushed every batchSize records to bound memory. */
    private final class Batch {
        private final List<RawArchive.Received> records = new ArrayList<>();

        void add(String key, ObjectNode record, Counts counts) {
            try {
                records.add(new RawArchive.Received(key, RecordIntake.JSON, json.writeValueAsBytes(record)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            if (records.size() >= params.batchSize()) {
                flush(counts);
            }
        }

        void flush(Counts counts) {
            if (!records.isEmpty()) {
                counts.queued += intake.accept(department, connector, records);
                records.clear();
            }
        }
    }

    private static final class Counts {
        int records;
        int queued;
        int rejected;
        final List<String> reasons = new ArrayList<>();
    }

    /** The file as a whole cannot be read. */
    static final class FileRejected extends RuntimeException {
        FileRejected(String message) {
            super(message);
        }
    }
}
