package com.acme.finchconnections.connection;

import java.util.List;
import java.util.Locale;

/** Finch's connection status values and the legacy spellings its docs still show. */
public final class ConnectionStatuses {

    public static final String PENDING = "pending";
    public static final String PROCESSING = "processing";
    public static final String CONNECTED = "connected";
    public static final String REAUTH = "reauth";
    public static final String ERROR_NO_ACCOUNT_SETUP = "error_no_account_setup";
    public static final String ERROR_PERMISSIONS = "error_permissions";
    public static final String DISCONNECTED = "disconnected";

    public static final List<String> KNOWN = List.of(PENDING, PROCESSING, CONNECTED, REAUTH, ERROR_NO_ACCOUNT_SETUP,
            ERROR_PERMISSIONS, DISCONNECTED);

    private ConnectionStatuses() {
    }

    /** Maps legacy spellings onto today's values; an unknown value is kept as Finch sent it (enums grow). */
    public static String normalize(String status) {
        if (status == null) {
            return null;
        }
        String lower = status.trim().toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "error_reauth" -> REAUTH;
            case "error_no_acount_setup", "error_no_accout_setup" -> ERROR_NO_ACCOUNT_SETUP;
            default -> lower;
        };
    }

    /**
     * How bad a status is, for a group's worst product: disconnected > reauth > error_* > pending/processing >
     * connected. Unknown values rank with the errors: they need a look.
     */
    public static int severity(String status) {
        if (status == null) {
            return 0;
        }
        return switch (status) {
            case CONNECTED -> 0;
            case PENDING, PROCESSING -> 1;
            case REAUTH -> 3;
            case DISCONNECTED -> 4;
            default -> 2;
        };
    }
}
