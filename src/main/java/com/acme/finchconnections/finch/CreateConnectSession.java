package com.acme.finchconnections.finch;

import java.util.List;

/** TEMPORARY STUB of the issue-3 Finch client surface; replaced when main gains the Finch client. */
public record CreateConnectSession(String customerId, String customerName, String customerEmail, List<String> products,
        Integration integration, Boolean manual, Integer minutesToExpire, String redirectUri, String sandbox) {
}
