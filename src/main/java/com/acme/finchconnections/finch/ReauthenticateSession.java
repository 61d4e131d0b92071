package com.acme.finchconnections.finch;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Body of Finch's {@code POST /connect/sessions/reauthenticate}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReauthenticateSession(
        String connectionId,
        Integer minutesToExpire,
        List<String> products,
        String redirectUri) {
}
