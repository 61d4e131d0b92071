package com.acme.finchconnections.finch;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;

/**
 * The service's one way to Finch. Each method is one Finch endpoint with its own authentication; all share
 * timeouts, retries within a deadline, the circuit breaker and error mapping ({@link FinchCallExecutor}).
 * Failures are {@link FinchException}s. Tokens, codes and the client secret never reach a log or a message.
 */
@ApplicationScoped
public class FinchApi {

    private final FinchClient client;
    private final FinchCallExecutor executor;
    private final ObjectMapper json;
    private final FinchSettings settings;

    @Inject
    public FinchApi(FinchConfig config, ObjectMapper json, Clock clock) {
        this(FinchSettings.from(config), json, clock);
    }

    /** A client with its own settings and its own circuit breaker (tests, tools). */
    FinchApi(FinchSettings settings, ObjectMapper json, Clock clock) {
        this(restClient(settings), new FinchCallExecutor(settings,
                new CircuitBreaker(settings.failureThreshold(), settings.openDuration(), clock), json, clock),
                json, settings);
    }

    private FinchApi(FinchClient client, FinchCallExecutor executor, ObjectMapper json, FinchSettings settings) {
        this.client = client;
        this.executor = executor;
        this.json = json;
        this.settings = settings;
    }

    /**
     * The same client with another overall deadline per call (attempts plus retry waits), e.g. to stay within
     * the time an incoming request has left. Shares the circuit breaker.
     */
    public FinchApi withDeadline(Duration deadline) {
        return new FinchApi(client, executor.withDeadline(deadline), json, settings);
    }

    /** {@code POST /connect/sessions}: a Connect session for an employer (Basic auth). */
    public Uni<CreatedSession> createConnectSession(CreateConnectSession request) {
        String body = write(request);
        String basic = basicAuth();
        return executor.execute(FinchCall.retryable("POST /connect/sessions", secrets(settings.clientSecret()),
                        () -> client.createConnectSession(basic, body)))
                .map(response -> read(response, CreatedSession.class));
    }

    /** {@code POST /connect/sessions/reauthenticate}: a session that renews an existing connection's token. */
    public Uni<CreatedSession> reauthenticate(ReauthenticateSession request) {
        String body = write(request);
        String basic = basicAuth();
        return executor.execute(FinchCall.retryable("POST /connect/sessions/reauthenticate",
                        secrets(settings.clientSecret()), () -> client.reauthenticate(basic, body)))
                .map(response -> read(response, CreatedSession.class));
    }

    /**
     * {@code POST /auth/token}: exchanges an authorization code for an access token. {@code redirectUri} only
     * for the redirect flow (null: omitted). Codes are single-use, so this is retried only when the request
     * certainly never left (connection refused), never after it may have reached Finch.
     */
    public Uni<TokenExchange> exchangeCode(String code, String redirectUri) {
        Map<String, String> request = new LinkedHashMap<>();
        request.put("code", code);
        request.put("client_id", requireClientId());
        request.put("client_secret", requireClientSecret());
        if (redirectUri != null) {
            request.put("redirect_uri", redirectUri);
        }
        String body = write(request);
        return executor.execute(FinchCall.singleShot("POST /auth/token", secrets(code, settings.clientSecret()),
                        () -> client.exchangeCode(body)))
                .map(response -> read(response, TokenExchange.class));
    }

    /** {@code GET /introspect}: what Finch knows about the connection behind a token. */
    public Uni<Introspection> introspect(String accessToken) {
        String bearer = bearer(accessToken);
        return executor.execute(FinchCall.retryable("GET /introspect", secrets(accessToken),
                        () -> client.introspect(bearer)))
                .map(response -> read(response, Introspection.class));
    }

    /** {@code POST /disconnect}: revokes the token and disconnects the connection at Finch. */
    public Uni<Void> disconnect(String accessToken) {
        String bearer = bearer(accessToken);
        return executor.execute(FinchCall.retryable("POST /disconnect", secrets(accessToken),
                        () -> client.disconnect(bearer)))
                .replaceWithVoid();
    }

    /**
     * {@code POST /jobs/automated}: asks for a job, e.g. {@code data_sync_all}. A job already queued comes back
     * with {@link JobCreation#alreadyQueued()}; a spent quota fails with {@link FinchException#isJobQuotaExceeded()}
     * and {@link FinchException#retryAt()} — returned at once, never waited for.
     */
    public Uni<JobCreation> createJob(String accessToken, String type) {
        String bearer = bearer(accessToken);
        String body = write(Map.of("type", type));
        return executor.execute(FinchCall.retryable("POST /jobs/automated", secrets(accessToken),
                        () -> client.createJob(bearer, body)))
                .map(this::jobCreation);
    }

    /** {@code GET /jobs/automated/{job_id}}. */
    public Uni<FinchJob> getJob(String accessToken, String jobId) {
        String bearer = bearer(accessToken);
        return executor.execute(FinchCall.retryable("GET /jobs/automated/{job_id}", secrets(accessToken),
                        () -> client.getJob(bearer, jobId)))
                .map(response -> read(response, FinchJob.class));
    }

    /** {@code GET /jobs/automated}: newest first, with {@code meta.quotas}. */
    public Uni<JobList> listJobs(String accessToken, int limit, int offset) {
        String bearer = bearer(accessToken);
        return executor.execute(FinchCall.retryable("GET /jobs/automated", secrets(accessToken),
                        () -> client.listJobs(bearer, limit, offset)))
                .map(response -> read(response, JobList.class));
    }

    private JobCreation jobCreation(FinchResponse response) {
        JsonNode body = read(response, JsonNode.class);
        return new JobCreation(response.status() == 202,
                body.hasNonNull("allowed_refreshes") ? body.get("allowed_refreshes").asInt() : null,
                body.hasNonNull("remaining_refreshes") ? body.get("remaining_refreshes").asInt() : null,
                body.hasNonNull("job_id") ? body.get("job_id").asText() : null,
                body.hasNonNull("job_url") ? body.get("job_url").asText() : null,
                body.hasNonNull("retry_at") ? LenientInstantDeserializer.parse(body.get("retry_at").asText()) : null);
    }

    private static FinchClient restClient(FinchSettings settings) {
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(settings.baseUrl()))
                .connectTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                // The executor's own timeout fires first; this one only frees a connection nobody waits for.
                .readTimeout(settings.requestTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS)
                .property("microprofile.rest.client.disable.default.mapper", true)
                .build(FinchClient.class);
    }

    private String basicAuth() {
        String credentials = requireClientId() + ":" + requireClientSecret();
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> secrets(String... values) {
        return java.util.Arrays.stream(values).filter(java.util.Objects::nonNull).toList();
    }

    private static String bearer(String accessToken) {
        if (accessToken == null || accessToken.isBlank()) {
            throw new IllegalArgumentException("an access token is required");
        }
        return "Bearer " + accessToken;
    }

    private String requireClientId() {
        if (settings.clientId() == null || settings.clientId().isBlank()) {
            throw new IllegalStateException("finch.client-id is not configured");
        }
        return settings.clientId();
    }

    private String requireClientSecret() {
        if (settings.clientSecret() == null || settings.clientSecret().isBlank()) {
            throw new IllegalStateException("finch.client-secret is not configured");
        }
        return settings.clientSecret();
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("request cannot be written as JSON: " + e.getOriginalMessage());
        }
    }

    /** A 2xx whose body we cannot read is Finch misbehaving, i.e. unavailable for our purpose. */
    private <T> T read(FinchResponse response, Class<T> type) {
        try {
            String body = response.body() == null || response.body().isBlank() ? "{}" : response.body();
            return json.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw FinchException.builder(FinchException.Kind.UNAVAILABLE, "reading " + type.getSimpleName())
                    .httpStatus(response.status()).requestId(response.requestId())
                    .detail("unreadable response: " + e.getOriginalMessage()).build();
        }
    }
}
