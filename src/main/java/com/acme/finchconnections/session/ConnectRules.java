package com.acme.finchconnections.session;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import com.acme.finchconnections.common.problem.Violations;
import com.acme.finchconnections.connection.FinchProducts;
import com.fasterxml.jackson.databind.JsonNode;

/** Finch's own rules for Connect requests, checked here so a bad request never reaches Finch. */
final class ConnectRules {

    static final int MAX_ID_LENGTH = 255;
    static final int MAX_MINUTES_TO_EXPIRE = 129_600;
    static final Set<String> AUTH_METHODS = Set.of("assisted", "credential", "oauth", "api_token");
    static final Set<String> SANDBOX_MODES = Set.of("finch", "provider");

    private static final int MAX_URI_LENGTH = 2048;
    // Deliberately loose: one @, something on each side, a dot in the domain. Finch is the judge of the rest.
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private ConnectRules() {
    }

    static void products(Violations violations, List<String> products, String field, boolean required) {
        if (products == null || products.isEmpty()) {
            if (required || products != null) {
                violations.add(field, "must list at least one product");
            }
            return;
        }
        for (int i = 0; i < products.size(); i++) {
            String product = products.get(i);
            if (product == null || product.isBlank()) {
                violations.add(field + "[" + i + "]", "is required");
            } else if (!FinchProducts.isKnown(product)) {
                violations.add(field + "[" + i + "]",
                        "is not a Finch product; one of " + String.join(", ", FinchProducts.ALL));
            }
        }
        if (products.contains(FinchProducts.DEDUCTION) && products.contains(FinchProducts.BENEFITS)) {
            violations.add(field, "must not contain both deduction and benefits (deduction is benefits' old name)");
        }
    }

    static void minutesToExpire(Violations violations, Integer minutes) {
        violations.check(minutes == null || (minutes >= 1 && minutes <= MAX_MINUTES_TO_EXPIRE), "minutes_to_expire",
                "must be between 1 and " + MAX_MINUTES_TO_EXPIRE);
    }

    static void redirectUri(Violations violations, String value, String field) {
        if (value == null) {
            return;
        }
        if (!isHttpUri(value)) {
            violations.add(field, "must be an absolute http or https URI");
        }
    }

    static void email(Violations violations, String value, String field) {
        if (value == null) {
            return;
        }
        if (value.length() > MAX_ID_LENGTH || !EMAIL.matcher(value).matches()) {
            violations.add(field, "must be an email address");
        }
    }

    static void authMethod(Violations violations, String value, String field) {
        if (value != null && !AUTH_METHODS.contains(value)) {
            violations.add(field, "must be one of assisted, credential, oauth, api_token");
        }
    }

    /** Finch's {@code finch|provider}; older callers' booleans read as {@code true} = finch, {@code false} = none. */
    static String sandbox(Violations violations, JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isBoolean()) {
            return value.booleanValue() ? "finch" : null;
        }
        if (value.isTextual() && SANDBOX_MODES.contains(value.textValue().toLowerCase(Locale.ROOT))) {
            return value.textValue().toLowerCase(Locale.ROOT);
        }
        violations.add("sandbox", "must be finch or provider (or true/false)");
        return null;
    }

    static boolean isHttpUri(String value) {
        if (value.length() > MAX_URI_LENGTH) {
            return false;
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return uri.isAbsolute() && (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
