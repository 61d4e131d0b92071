package com.acme.finchconnections.finch;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/** One automated job ({@code data_sync_all}, {@code w4_form_employee_sync}, …). {@code job_url} is opaque. */
public record FinchJob(
        String jobId,
        String jobUrl,
        String type,
        String status,
        @JsonDeserialize(using = LenientInstantDeserializer.class) Instant createdAt,
        @JsonDeserialize(using = LenientInstantDeserializer.class) Instant scheduledAt,
        @JsonDeserialize(using = LenientInstantDeserializer.class) Instant startedAt,
        @JsonDeserialize(using = LenientInstantDeserializer.class) Instant completedAt,
        JsonNode params) {
}
