package com.acme.finchconnections.finch;

import java.util.List;

/** STAND-IN until the Finch client (branch issue-3) is merged; see {@link FinchApi}. */
public record ReauthenticateSession(String connectionId, Integer minutesToExpire, List<String> products,
        String redirectUri) {
}
