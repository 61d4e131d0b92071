package com.acme.finchconnections.connection;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Re-sealing stored access tokens under the active encryption key after a key rotation. */
@ConfigMapping(prefix = "tokens.reseal")
public interface TokenResealConfig {

    /** How often to look for tokens under an old key ({@code off} disables the schedule; the endpoint stays). */
    @WithDefault("1h")
    String every();

    /** Tokens re-sealed per transaction. */
    @WithDefault("100")
    int batchSize();
}
