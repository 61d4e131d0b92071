package com.acme.finchconnections.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Pre-signs webhook deliveries for {@code bench/webhooks.lua}: wrk's Lua has no fast HMAC, so the signatures are
 * computed here. Writes {@code bodies.txt} (one ~1 KB {@code account.updated} body per connection, one per line),
 * {@code connections.txt} (their connection ids, same order, for creating the connections beforehand) and
 * {@code requests.txt} ({@code event_id timestamp signature body_index}, one per line). The timestamp is
 * "now + 120 s", so every request stays inside the service's ±300 s window for about seven minutes.
 * Run by {@code bench/run.sh}; not a test.
 *
 * <pre>args: outputDir requests connections base64Secret</pre>
 */
public final class SignedWebhookFile {

    private SignedWebhookFile() {
    }

    public static void main(String[] args) throws IOException, GeneralSecurityException {
        Path directory = Path.of(args[0]);
        int requests = Integer.parseInt(args[1]);
        int connections = Integer.parseInt(args[2]);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(args[3]), "HmacSHA256"));
        Files.createDirectories(directory);

        byte[][] bodies = new byte[connections][];
        try (BufferedWriter out = Files.newBufferedWriter(directory.resolve("bodies.txt"));
                BufferedWriter ids = Files.newBufferedWriter(directory.resolve("connections.txt"))) {
            for (int i = 0; i < connections; i++) {
                UUID connectionId = connectionId(i);
                String body = body(connectionId);
                bodies[i] = body.getBytes(StandardCharsets.UTF_8);
                out.write(body);
                out.newLine();
                ids.write(connectionId.toString());
                ids.newLine();
            }
        }
        long timestamp = Instant.now().getEpochSecond() + 120;
        String runId = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (BufferedWriter out = Files.newBufferedWriter(directory.resolve("requests.txt"))) {
            for (int i = 0; i < requests; i++) {
                String eventId = "msg_bench_" + runId + "_" + i;
                int bodyIndex = i % connections;
                mac.update((eventId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
                String signature = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(bodies[bodyIndex]));
                out.write(eventId + " " + timestamp + " " + signature + " " + (bodyIndex + 1));
                out.newLine();
            }
        }
    }

    /** The i-th benchmark connection: the same id in every run and every tool. */
    static UUID connectionId(int i) {
        return UUID.nameUUIDFromBytes(("bench-connection-" + i).getBytes(StandardCharsets.UTF_8));
    }

    /** A Finch {@code account.updated} event padded with a realistic {@code data} block to about 1 KB. */
    static String body(UUID connectionId) {
        StringBuilder entities = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            entities.append(i == 0 ? "" : ",").append("{\"id\":\"").append(UUID.randomUUID())
                    .append("\",\"name\":\"Bench Entity ").append(i).append("\",\"source_id\":\"src-").append(i)
                    .append("\"}");
        }
        return "{\"event_type\":\"account.updated\",\"connection_id\":\"" + connectionId + "\","
                + "\"company_id\":\"" + UUID.randomUUID() + "\",\"account_id\":\"" + UUID.randomUUID() + "\","
                + "\"data\":{\"status\":\"connected\",\"authentication_method\":{\"type\":\"credential\"},"
                + "\"entities\":[" + entities + "]}}";
    }
}
