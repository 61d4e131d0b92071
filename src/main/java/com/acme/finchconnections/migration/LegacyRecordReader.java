package com.acme.finchconnections.migration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import com.acme.finchconnections.common.problem.ValidationProblem;
import com.acme.finchconnections.common.problem.Violation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads {@code {connections: [...]}} one record at a time straight from the request body, so 100,000 records never
 * sit in memory together. Each record is checked as it passes; every violation is collected (the first
 * {@code maxViolationsListed} are listed, the rest counted) and {@link #throwIfInvalid()} reports them all at the
 * end. Blocking reads: use it on a worker thread.
 */
final class LegacyRecordReader implements Iterator<LegacyRecord> {

    static final int MAX_ID_LENGTH = 255;

    private final JsonParser parser;
    private final MigrationConfig config;
    private final List<Violation> violations = new ArrayList<>();
    private int unlistedViolations;
    private boolean recheck;
    private boolean arrayDone;
    private int nextIndex;
    private LegacyRecord next;

    private LegacyRecordReader(JsonParser parser, MigrationConfig config) {
        this.parser = parser;
        this.config = config;
    }

    /**
     * Reads up to the start of {@code connections}. A body that names no records (empty, {@code {}},
     * {@code connections: null}) asks to re-check every stored token: {@link #recheck()}.
     */
    static LegacyRecordReader open(ObjectMapper json, InputStream body, MigrationConfig config) throws IOException {
        LegacyRecordReader reader = new LegacyRecordReader(json.getFactory().createParser(body), config);
        reader.readHead();
        return reader;
    }

    boolean recheck() {
        return recheck;
    }

    boolean valid() {
        return violations.isEmpty();
    }

    @Override
    public boolean hasNext() {
        try {
            while (next == null && !arrayDone) {
                next = readRecord();
            }
            return next != null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public LegacyRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        LegacyRecord record = next;
        next = null;
        return record;
    }

    /** Throws every violation found, once the whole body was read. */
    void throwIfInvalid() {
        if (nextIndex == 0 && !recheck) {
            add("connections", "must contain at least one record (send no body to re-check every stored token)");
        }
        if (violations.isEmpty()) {
            return;
        }
        List<Violation> all = new ArrayList<>(violations);
        if (unlistedViolations > 0) {
            all.add(new Violation("connections", unlistedViolations + " more violations not listed"));
        }
        throw new ValidationProblem(all);
    }

    private void readHead() throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            recheck = true;
            return;
        }
        if (first != JsonToken.START_OBJECT) {
            throw new ValidationProblem(List.of(new Violation("body", "must be a JSON object")));
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (!"connections".equals(field) || value == JsonToken.VALUE_NULL) {
                parser.skipChildren();
                continue;
            }
            if (value != JsonToken.START_ARRAY) {
                throw new ValidationProblem(List.of(new Violation("connections", "must be an array")));
            }
            return;
        }
        recheck = true;
        arrayDone = true;
        requireEnd();
    }

    /** The next record, null when the element was invalid (its violations are noted) or the array ended. */
    private LegacyRecord readRecord() throws IOException {
        JsonToken token = parser.nextToken();
        if (token == JsonToken.END_ARRAY) {
            arrayDone = true;
            readTail();
            return null;
        }
        int index = nextIndex++;
        if (index >= config.maxRecords()) {
            add("connections", "must have at most " + config.maxRecords() + " records");
            throwIfInvalid();
        }
        String path = "connections[" + index + "]";
        if (token != JsonToken.START_OBJECT) {
            parser.skipChildren();
            add(path, "must be an object");
            return null;
        }
        JsonNode node = parser.readValueAsTree();
        int before = violations.size() + unlistedViolations;
        String accessToken = node.path("access_token").isTextual() ? node.get("access_token").asText() : null;
        if (node.hasNonNull("access_token") && accessToken == null) {
            add(path + ".access_token", "must be a string");
        } else if (accessToken == null || accessToken.isBlank()) {
            add(path + ".access_token", "is required");
        } else if (accessToken.length() > config.maxTokenLength()) {
            add(path + ".access_token", "must be at most " + config.maxTokenLength() + " characters");
        } else if (!accessToken.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            add(path + ".access_token", "must be printable ASCII without spaces");
        }
        LegacyRecord record = new LegacyRecord(index, accessToken, text(node, path, "account_id"),
                text(node, path, "company_id"), text(node, path, "customer_id"), text(node, path, "customer_name"));
        return violations.size() + unlistedViolations == before ? record : null;
    }

    /** An optional id or name; ids may come as JSON numbers (some legacy stores kept them so). Blank = absent. */
    private String text(JsonNode node, String path, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() && !value.isIntegralNumber()) {
            add(path + "." + field, "must be a string");
            return null;
        }
        String text = value.asText();
        if (text.length() > MAX_ID_LENGTH) {
            add(path + "." + field, "must be at most " + MAX_ID_LENGTH + " characters");
            return null;
        }
        return text.isBlank() ? null : text;
    }

    /** Members after the array are ignored like any unknown member, but the JSON must still be well formed. */
    private void readTail() throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            parser.nextToken();
            parser.skipChildren();
        }
        requireEnd();
    }

    private void requireEnd() throws IOException {
        if (parser.nextToken() != null) {
            throw new ValidationProblem(List.of(new Violation("body", "must hold a single JSON object")));
        }
    }

    private void add(String field, String message) {
        if (violations.size() < config.maxViolationsListed()) {
            violations.add(new Violation(field, message));
        } else {
            unlistedViolations++;
        }
    }
}
