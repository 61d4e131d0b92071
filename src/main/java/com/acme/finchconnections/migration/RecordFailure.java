package com.acme.finchconnections.migration;

import com.acme.finchconnections.finch.FinchException;

/**
 * Why a record could not be migrated, as shown in the run's failures: Finch's code and message (never the token).
 *
 * @param code           Finch's {@code finch_code} (else its error {@code name}), or one of ours
 * @param message        Finch's message, or ours
 * @param finchRequestId Finch's {@code Finch-Request-Id}, to quote to Finch's support
 */
record RecordFailure(String code, String message, String finchRequestId) {

    static RecordFailure of(Throwable failure) {
        if (failure instanceof FinchException finch) {
            String code = finch.finchCodeOrName() != null ? finch.finchCodeOrName()
                    : finch.httpStatus() > 0 ? "http_" + finch.httpStatus() : "finch_" + finch.kind().name().toLowerCase();
            String message = finch.message() != null ? finch.message() : finch.getMessage();
            return new RecordFailure(code, message, finch.requestId());
        }
        if (failure instanceof MigrationFailure migration) {
            return new RecordFailure(migration.code(), migration.getMessage(), null);
        }
        // Database or other internal errors: the type only, since their messages may quote parameters.
        return new RecordFailure("internal_error", failure.getClass().getSimpleName(), null);
    }

    static RecordFailure abandoned(int claims) {
        return new RecordFailure("abandoned", "given up after " + claims
                + " attempts that ended without an outcome (the instance stopped each time)", null);
    }

    /** Sending the same token again cannot succeed: 4xx answers (other than rate limits) and our own checks. */
    static boolean isPermanent(Throwable failure) {
        if (failure instanceof MigrationFailure) {
            return true;
        }
        if (failure instanceof FinchException finch) {
            return switch (finch.kind()) {
                case UNAUTHORIZED, REJECTED, NOT_FOUND, JOB_QUOTA_EXCEEDED -> true;
                case RATE_LIMITED, UNAVAILABLE, TIMEOUT -> false;
            };
        }
        return false;
    }

    /** One line for the API's {@code error}: code and message. */
    String describe() {
        return message == null || message.isBlank() ? code : code + ": " + message;
    }
}
