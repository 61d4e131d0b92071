package com.acme.finchconnections.job;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/** {@code POST /connections/{id}/jobs}: Finch lets a caller force only a full sync this way. */
public record CreateJobRequest(
        @NotBlank @Pattern(regexp = JobFacts.DATA_SYNC_ALL, message = "must be data_sync_all") String type) {
}
