package com.acme.finchconnections.simulator;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Collects every problem of a request, then fails with one Finch {@code invalid_request} naming them all. */
final class SimValidation {

    /** Finch's product superset (FINCH-API.md). */
    static final Set<String> PRODUCTS = Set.of("benefits", "company", "deduction", "directory", "documents",
            "employment", "individual", "payment", "pay_statement", "plans", "plans_dependents", "plans_enrollments",
            "recordkeeping", "ssn");

    static final int MAX_MINUTES_TO_EXPIRE = 129_600;

    private final List<String> problems = new ArrayList<>();

    SimValidation text(String value, String field, boolean required) {
        if (value == null) {
            if (required) {
                problems.add(field + " is required");
            }
        } else if (value.isEmpty() || value.length() > 255) {
            problems.add(field + " must be 1 to 255 characters");
        }
        return this;
    }

    SimValidation email(String value, String field) {
        if (value != null && !value.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            problems.add(field + " must be an email address");
        }
        return this;
    }

    SimValidation products(List<String> products, String field, boolean required) {
        if (products == null || products.isEmpty()) {
            if (required) {
                problems.add(field + " must name at least one product");
            }
            return this;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < products.size(); i++) {
            String product = products.get(i);
            if (product == null || !PRODUCTS.contains(product)) {
                problems.add(field + "[" + i + "] is not a Finch product: " + product);
            } else if (!seen.add(product)) {
                problems.add(field + "[" + i + "] repeats " + product);
            }
        }
        if (seen.contains("deduction") && seen.contains("benefits")) {
            problems.add(field + " cannot combine deduction (a deprecated alias of benefits) with benefits");
        }
        return this;
    }

    SimValidation minutesToExpire(Integer minutes) {
        if (minutes != null && (minutes < 1 || minutes > MAX_MINUTES_TO_EXPIRE)) {
            problems.add("minutes_to_expire must be between 1 and " + MAX_MINUTES_TO_EXPIRE);
        }
        return this;
    }

    SimValidation redirectUri(String value) {
        if (value == null) {
            return this;
        }
        try {
            URI uri = URI.create(value);
            if (!uri.isAbsolute() || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                problems.add("redirect_uri must be an absolute http(s) URI");
            }
        } catch (IllegalArgumentException e) {
            problems.add("redirect_uri must be an absolute http(s) URI");
        }
        return this;
    }

    SimValidation check(boolean ok, String problem) {
        if (!ok) {
            problems.add(problem);
        }
        return this;
    }

    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw FinchSimError.invalidRequest(String.join("; ", problems));
        }
    }
}
