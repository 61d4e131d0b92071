package com.acme.finchconnections.finch;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Body of Finch's {@code POST /connect/sessions}. Absent values are omitted, never sent as null: Finch applies
 * its own defaults (e.g. {@code minutes_to_expire}) only to fields it does not receive.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateConnectSession(
        String customerId,
        String customerName,
        String customerEmail,
        List<String> products,
        Integration integration,
        Boolean manual,
        Integer minutesToExpire,
        String redirectUri,
        String sandbox) {
}
