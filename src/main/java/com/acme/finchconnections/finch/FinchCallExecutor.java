package com.acme.finchconnections.finch;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;

import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Runs one Finch call: circuit breaker, per-attempt timeout, retries with backoff on 408/409/429/5xx and
 * connection failures (honouring {@code Retry-After}), all within the call's deadline, and Finch's error bodies
 * turned into {@link FinchException}s. The result is emitted on the caller's Vert.x context, so a caller inside
 * a reactive transaction continues on its own thread even after a retry wait.
 */
final class FinchCallExecutor {

    private static final Logger LOG = Logger.getLogger(FinchApi.class);
    private static final String REQUEST_ID = "Finch-Request-Id";

    private final FinchSettings settings;
    private final CircuitBreaker breaker;
    private final ObjectMapper json;
    private final Clock clock;

    FinchCallExecutor(FinchSettings settings, CircuitBreaker breaker, ObjectMapper json, Clock clock) {
        this.settings = settings;
        this.breaker = breaker;
        this.json = json;
        this.clock = clock;
    }

    FinchCallExecutor withDeadline(Duration deadline) {
        return new FinchCallExecutor(settings.withDeadline(deadline), breaker, json, clock);
    }

    Uni<FinchResponse> execute(FinchCall call) {
        return Uni.createFrom().deferred(() -> {
            Context callerContext = Vertx.currentContext();
            Instant deadline = clock.instant().plus(settings.deadline());
            Uni<FinchResponse> outcome = attempt(call, 0, deadline)
                    .onFailure(FinchException.class).invoke(failure -> logFailure((FinchException) failure));
            return callerContext == null ? outcome
                    : outcome.emitOn(command -> callerContext.runOnContext(ignored -> command.run()));
        });
    }

    private Uni<FinchResponse> attempt(FinchCall call, int retries, Instant deadline) {
        return roundTrip(call, deadline)
                .onFailure(FinchException.class).recoverWithUni(failure -> {
                    FinchException finchFailure = (FinchException) failure;
                    Optional<Duration> wait = retryDelay(call, finchFailure, retries, deadline);
                    if (wait.isEmpty()) {
                        return Uni.createFrom().failure(finchFailure);
                    }
                    LOG.debugf("%s; retry %d in %d ms", finchFailure.getMessage(), retries + 1, wait.get().toMillis());
                    return Uni.createFrom().voidItem().onItem().delayIt().by(wait.get())
                            .chain(() -> attempt(call, retries + 1, deadline));
                });
    }

    /** One attempt: through the breaker, bounded by the request timeout and what is left of the deadline. */
    private Uni<FinchResponse> roundTrip(FinchCall call, Instant deadline) {
        Duration remaining = Duration.between(clock.instant(), deadline);
        if (remaining.isNegative() || remaining.isZero()) {
            return Uni.createFrom().failure(timeout(call, "deadline of " + settings.deadline() + " reached"));
        }
        if (!breaker.tryAcquire()) {
            return Uni.createFrom().failure(FinchException.builder(FinchException.Kind.UNAVAILABLE, call.operation())
                    .circuitOpen().detail("circuit open after repeated Finch failures; not sent").build());
        }
        Duration timeout = remaining.compareTo(settings.requestTimeout()) < 0 ? remaining : settings.requestTimeout();
        return Uni.createFrom().<Response>deferred(() -> call.request().get())
                .ifNoItem().after(timeout).failWith(() -> timeout(call, "no answer within " + timeout.toMillis() + " ms"))
                .onFailure(failure -> !(failure instanceof FinchException))
                .transform(failure -> transportFailure(call, failure))
                .map(this::read)
                .onItemOrFailure().transformToUni((response, failure) -> {
                    FinchException error = failure != null ? (FinchException) failure
                            : response.isSuccess() ? null : errorFrom(call, response);
                    recordOutcome(error);
                    return error == null ? Uni.createFrom().item(response) : Uni.createFrom().failure(error);
                });
    }

    private void recordOutcome(FinchException error) {
        if (error == null || !isOutage(error)) {
            breaker.onSuccess();
        } else if (!error.isCircuitOpen()) {
            breaker.onOutage();
        }
    }

    private static boolean isOutage(FinchException error) {
        return error.httpStatus() == 0 || error.httpStatus() >= 500;
    }

    private Optional<Duration> retryDelay(FinchCall call, FinchException failure, int retries, Instant deadline) {
        if (retries >= settings.maxRetries() || !mayRetry(call, failure)) {
            return Optional.empty();
        }
        Duration delay = failure.retryAfter() != null ? failure.retryAfter() : backoff(retries);
        if (!clock.instant().plus(delay).isBefore(deadline)) {
            // Waiting would outlast the caller's deadline: fail now with what Finch said.
            return Optional.empty();
        }
        return Optional.of(delay);
    }

    static boolean mayRetry(FinchCall call, FinchException failure) {
        if (failure.isCircuitOpen() || failure.isJobQuotaExceeded()) {
            return false;
        }
        if (call.singleShot()) {
            return failure.requestNotSent();
        }
        int status = failure.httpStatus();
        return status == 0 || status == 408 || status == 409 || status == 429 || status >= 500;
    }

    /** The SDKs' schedule: initial × 2^retry, capped, minus up to 25 % jitter. */
    private Duration backoff(int retries) {
        double base = settings.initialBackoff().toMillis() * Math.pow(2, retries);
        double capped = Math.min(base, settings.maxBackoff().toMillis());
        double jitter = 1 - ThreadLocalRandom.current().nextDouble() * 0.25;
        return Duration.ofMillis(Math.round(capped * jitter));
    }

    private FinchResponse read(Response response) {
        String body = response.hasEntity() ? response.readEntity(String.class) : "";
        return new FinchResponse(response.getStatus(), response.getHeaderString(REQUEST_ID), body,
                response.getHeaderString("Retry-After"), response.getHeaderString("retry-after-ms"));
    }

    private FinchException errorFrom(FinchCall call, FinchResponse response) {
        JsonNode body = parseQuietly(response.body());
        int status = response.status();
        Instant retryAt = body.hasNonNull("retry_at") ? LenientInstantDeserializer.parse(body.get("retry_at").asText())
                : null;
        FinchException.Kind kind = kindOf(status, retryAt);
        return FinchException.builder(kind, call.operation())
                .httpStatus(status)
                .body(codeOf(body), text(body, "name"), text(body, "finch_code"), call.mask(text(body, "message")),
                        contextOf(body))
                .requestId(response.requestId())
                .retryAfter(RetryAfter.parse(response.retryAfterMs(), response.retryAfter(), clock))
                .retryAt(retryAt)
                .detail(body.isObject() ? null : "unreadable error body")
                .build();
    }

    private static FinchException.Kind kindOf(int status, Instant retryAt) {
        return switch (status) {
            case 401 -> FinchException.Kind.UNAUTHORIZED;
            case 404 -> FinchException.Kind.NOT_FOUND;
            case 408 -> FinchException.Kind.TIMEOUT;
            case 429 -> retryAt != null ? FinchException.Kind.JOB_QUOTA_EXCEEDED : FinchException.Kind.RATE_LIMITED;
            default -> status >= 500 ? FinchException.Kind.UNAVAILABLE : FinchException.Kind.REJECTED;
        };
    }

    private FinchException transportFailure(FinchCall call, Throwable failure) {
        if (causedBy(failure, TimeoutException.class) || causedBy(failure, io.netty.channel.ConnectTimeoutException.class)) {
            return timeout(call, "timed out: " + failure.getClass().getSimpleName());
        }
        FinchException.Builder unreachable = FinchException.builder(FinchException.Kind.UNAVAILABLE, call.operation())
                .detail("unreachable: " + describe(failure));
        if (causedBy(failure, ConnectException.class) || causedBy(failure, UnknownHostException.class)) {
            unreachable.requestNotSent();
        }
        return unreachable.build(failure);
    }

    private static FinchException timeout(FinchCall call, String detail) {
        return FinchException.builder(FinchException.Kind.TIMEOUT, call.operation()).detail(detail).build();
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /** The innermost cause's type and message: a URL at most, never a header or body. */
    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : " " + root.getMessage());
    }

    private static void logFailure(FinchException failure) {
        if (failure.kind() == FinchException.Kind.REJECTED || failure.kind() == FinchException.Kind.NOT_FOUND
                || failure.kind() == FinchException.Kind.JOB_QUOTA_EXCEEDED) {
            LOG.info(failure.getMessage());
        } else {
            LOG.warn(failure.getMessage());
        }
    }

    private JsonNode parseQuietly(String body) {
        if (body == null || body.isBlank()) {
            return json.missingNode();
        }
        try {
            return json.readTree(body);
        } catch (Exception notJson) {
            return json.missingNode();
        }
    }

    private static Integer codeOf(JsonNode body) {
        for (String field : new String[] { "code", "status", "statusCode" }) {
            if (body.path(field).canConvertToInt()) {
                return body.get(field).asInt();
            }
        }
        return null;
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.path(field);
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }

    private Map<String, Object> contextOf(JsonNode body) {
        JsonNode context = body.path("context");
        if (!context.isObject()) {
            return Map.of();
        }
        Map<String, Object> values = json.convertValue(context, new TypeReference<LinkedHashMap<String, Object>>() {
        });
        values.values().removeIf(java.util.Objects::isNull);
        return values;
    }
}
