package com.acme.finchconnections.simulator;

import java.util.Set;

/**
 * Finch's sandbox Connect credentials: user {@code good_user} with password {@code good_pass} succeeds;
 * {@code mfa}, {@code account_selection} or {@code mfa_account_selection} (as password with good_user, or as
 * user with good_pass — sources word it both ways) add those steps; API token {@code good_token}.
 */
final class SandboxCredentials {

    enum Outcome {
        SUCCESS(false, false), MFA(true, false), ACCOUNT_SELECTION(false, true), MFA_ACCOUNT_SELECTION(true, true),
        INVALID(false, false);

        final boolean mfa;
        final boolean accountSelection;

        Outcome(boolean mfa, boolean accountSelection) {
            this.mfa = mfa;
            this.accountSelection = accountSelection;
        }
    }

    private static final Set<String> SPECIAL = Set.of("mfa", "account_selection", "mfa_account_selection");

    private SandboxCredentials() {
    }

    static Outcome check(String username, String password) {
        if ("good_user".equals(username) && "good_pass".equals(password)) {
            return Outcome.SUCCESS;
        }
        if ("good_user".equals(username) && SPECIAL.contains(password)) {
            return special(password);
        }
        if ("good_pass".equals(password) && SPECIAL.contains(username)) {
            return special(username);
        }
        return Outcome.INVALID;
    }

    static Outcome checkToken(String apiToken) {
        return "good_token".equals(apiToken) ? Outcome.SUCCESS : Outcome.INVALID;
    }

    private static Outcome special(String value) {
        return switch (value) {
            case "mfa" -> Outcome.MFA;
            case "account_selection" -> Outcome.ACCOUNT_SELECTION;
            default -> Outcome.MFA_ACCOUNT_SELECTION;
        };
    }
}
