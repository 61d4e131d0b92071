package com.acme.finchconnections.finch;

import java.util.List;

/** TEMPORARY STUB of the issue-3 Finch client surface. */
public record ReauthenticateSession(String connectionId, Integer minutesToExpire, List<String> products,
        String redirectUri) {
}
