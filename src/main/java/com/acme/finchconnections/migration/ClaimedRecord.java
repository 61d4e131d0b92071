package com.acme.finchconnections.migration;

import java.util.UUID;

import com.acme.finchconnections.common.crypto.SealedToken;

/**
 * A pending record this instance holds the lease on, with its run's kind ({@code records} or {@code recheck}). {@code claims} counts how often it was claimed, this time
 * included: more than one means an earlier holder stopped (crash, restart) before finishing it.
 */
record ClaimedRecord(UUID migrationId, String kind, int index, SealedToken token, String accountId, String companyId,
        String customerId, String customerName, int claims) {

    @Override
    public String toString() {
        return "ClaimedRecord[" + migrationId + "#" + index + "]";
    }
}
