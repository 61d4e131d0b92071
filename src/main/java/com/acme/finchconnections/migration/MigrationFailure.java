package com.acme.finchconnections.migration;

/** A record that cannot be migrated for a reason of ours (not Finch's answer); never retried. */
class MigrationFailure extends RuntimeException {

    private final String code;

    MigrationFailure(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    String code() {
        return code;
    }
}
