package com.acme.finchconnections.simulator;

import java.time.Instant;
import java.util.List;

/** New simulated connections, with the ids Finch hands out (and the deprecated account/company ids). */
final class SimConnectionFactory {

    static final List<String> DEFAULT_PRODUCTS = List.of("company", "directory", "individual", "employment",
            "payment", "pay_statement", "benefits");

    private SimConnectionFactory() {
    }

    static SimConnection create(String customerId, String customerName, String customerEmail, String providerId,
            String authenticationType, String connectionType, String clientType, List<String> products,
            boolean manual, String companyId, Instant now) {
        boolean assisted = "assisted".equals(authenticationType);
        return new SimConnection(SimIds.uuid(), customerId, customerName, customerEmail, providerId,
                authenticationType, connectionType, clientType,
                products == null || products.isEmpty() ? DEFAULT_PRODUCTS : products, manual || assisted,
                SimIds.uuid(), companyId != null ? companyId : SimIds.uuid(), SimIds.uuid(),
                assisted ? null : "good_user", assisted ? "pending" : "connected", null, null, null, null, now);
    }
}
