package com.acme.finchconnections.simulator;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * A webhook receiver that exists only in tests: records what the simulator sends to
 * {@code /_test/webhook-sink/{name}}, and can answer 500 to the next N deliveries to test Finch's retries.
 */
@Path("/_test/webhook-sink/{name}")
public class WebhookSinkResource {

    /** One delivery as received: header names lower-cased, the body byte-for-byte as text. */
    public record Received(Map<String, String> headers, String body, int answeredWith) {
        public String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    private static final Map<String, List<Received>> RECEIVED = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> FAILURES = new ConcurrentHashMap<>();

    @POST
    public Response receive(@PathParam("name") String name, @Context HttpHeaders headers, String body) {
        AtomicInteger failures = FAILURES.get(name);
        int status = failures != null && failures.getAndDecrement() > 0 ? 500 : 200;
        Map<String, String> received = new TreeMap<>();
        headers.getRequestHeaders().forEach((header, values) -> received.put(header.toLowerCase(), values.get(0)));
        RECEIVED.computeIfAbsent(name, ignored -> new CopyOnWriteArrayList<>()).add(new Received(received, body, status));
        return Response.status(status).build();
    }

    public static List<Received> received(String name) {
        return RECEIVED.getOrDefault(name, List.of());
    }

    public static List<Received> accepted(String name) {
        return received(name).stream().filter(delivery -> delivery.answeredWith() == 200).toList();
    }

    public static void failNext(String name, int count) {
        FAILURES.put(name, new AtomicInteger(count));
    }
}
