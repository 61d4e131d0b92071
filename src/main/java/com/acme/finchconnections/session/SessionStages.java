package com.acme.finchconnections.session;

import java.util.List;
import java.util.Set;

/**
 * The Connect stages a front end reports, in the contract's order (also the funnel's order). {@code error},
 * {@code closed} and {@code success} end an attempt; the others are places the employer can be in.
 */
public final class SessionStages {

    public static final String OPENED = "opened";
    public static final String ERROR = "error";
    public static final String CLOSED = "closed";
    public static final String SUCCESS = "success";

    public static final List<String> ORDER = List.of(OPENED, "provider_selected", "terms_viewed", "terms_accepted",
            "terms_exited", "credentials_submitted", "mfa_requested", "account_selected", ERROR, CLOSED, SUCCESS);

    public static final Set<String> OUTCOMES = Set.of(ERROR, CLOSED, SUCCESS);

    private SessionStages() {
    }

    public static boolean isStage(String type) {
        return ORDER.contains(type);
    }
}
