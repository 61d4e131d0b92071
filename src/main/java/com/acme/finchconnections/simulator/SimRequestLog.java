package com.acme.finchconnections.simulator;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.profile.IfBuildProfile;

/**
 * The last requests Finch's API received, so tests can see what a client really sent (the API version header,
 * which auth scheme, how many attempts and when). Never a credential: only the scheme of Authorization.
 */
@ApplicationScoped
@IfBuildProfile(anyOf = { "dev", "test" })
public class SimRequestLog {

    static final int CAPACITY = 500;

    public record Entry(long seq, Instant receivedAt, String method, String path, String finchRequestId,
            String apiVersion, String authScheme, String faultId) {
    }

    private final Deque<Entry> entries = new ArrayDeque<>();
    private final AtomicLong sequence = new AtomicLong();

    synchronized Entry add(Instant at, String method, String path, String requestId, String apiVersion,
            String authorization, String faultId) {
        Entry entry = new Entry(sequence.incrementAndGet(), at, method, path, requestId, apiVersion,
                scheme(authorization), faultId);
        entries.addLast(entry);
        while (entries.size() > CAPACITY) {
            entries.removeFirst();
        }
        return entry;
    }

    /** Oldest first, after sequence number {@code after}, optionally only paths starting with {@code pathPrefix}. */
    synchronized List<Entry> since(long after, String pathPrefix) {
        List<Entry> found = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.seq() > after && (pathPrefix == null || entry.path().startsWith(pathPrefix))) {
                found.add(entry);
            }
        }
        return found;
    }

    long lastSeq() {
        return sequence.get();
    }

    private static String scheme(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return null;
        }
        int space = authorization.indexOf(' ');
        return space < 0 ? "unknown" : authorization.substring(0, space);
    }
}
