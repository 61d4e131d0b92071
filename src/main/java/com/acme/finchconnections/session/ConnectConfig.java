package com.acme.finchconnections.session;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Connect sessions, code exchange and the redirect flow's landing. */
@ConfigMapping(prefix = "connect")
public interface ConnectConfig {

    Sessions session();

    Reauthentication reauthenticate();

    Callback callback();

    interface Sessions {
        /** Sent to Finch when a caller gives no minutes_to_expire (Finch's own default: 129600 = 90 days). */
        @WithDefault("129600")
        int defaultMinutesToExpire();
    }

    interface Reauthentication {
        /** Sent to Finch when a caller gives no minutes_to_expire (Finch's own default: 43200 = 30 days). */
        @WithDefault("43200")
        int defaultMinutesToExpire();
    }

    interface Callback {
        /** Where {@code GET /connect/callback} sends the browser after a successful exchange. */
        @WithDefault("/connect/success.html")
        String successUrl();

        /** Where it sends the browser when the exchange failed. */
        @WithDefault("/connect/failure.html")
        String failureUrl();

        /**
         * The redirect_uri to exchange codes with when the callback's {@code state} names no stored session (a
         * session's own redirect_uri wins). Finch requires the same value that sent the browser here.
         */
        Optional<String> redirectUri();
    }
}
