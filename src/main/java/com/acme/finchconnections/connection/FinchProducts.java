package com.acme.finchconnections.connection;

import java.util.List;
import java.util.Set;

/**
 * Finch's product names and the groups Finch's dashboard shows them in. Finch adds products over time: an unknown
 * product from Finch is kept and shown under {@code other}; only callers' requests are held to this list.
 */
public final class FinchProducts {

    public static final List<String> ALL = List.of("benefits", "company", "deduction", "directory", "documents",
            "employment", "individual", "payment", "pay_statement", "plans", "plans_dependents", "plans_enrollments",
            "recordkeeping", "ssn");

    public static final String BENEFITS = "benefits";
    /** Deprecated alias of {@code benefits}; Finch refuses the two together. */
    public static final String DEDUCTION = "deduction";

    public static final String ORGANIZATION = "organization";
    public static final String PAYROLL = "payroll";
    public static final String DEDUCTIONS = "deductions";
    public static final String OTHER = "other";
    /** Groups in the order the dashboard lists them. */
    public static final List<String> GROUPS = List.of(ORGANIZATION, PAYROLL, DEDUCTIONS, OTHER);

    private static final Set<String> ORGANIZATION_PRODUCTS = Set.of("company", "directory", "individual", "employment");
    private static final Set<String> PAYROLL_PRODUCTS = Set.of("payment", "pay_statement");
    private static final Set<String> DEDUCTION_PRODUCTS = Set.of(BENEFITS, DEDUCTION);

    private FinchProducts() {
    }

    public static boolean isKnown(String product) {
        return ALL.contains(product);
    }

    public static String groupOf(String product) {
        if (ORGANIZATION_PRODUCTS.contains(product)) {
            return ORGANIZATION;
        }
        if (PAYROLL_PRODUCTS.contains(product)) {
            return PAYROLL;
        }
        if (DEDUCTION_PRODUCTS.contains(product)) {
            return DEDUCTIONS;
        }
        return OTHER;
    }
}
