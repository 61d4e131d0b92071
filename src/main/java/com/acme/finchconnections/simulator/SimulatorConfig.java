package com.acme.finchconnections.simulator;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The Finch simulator (dev and test only). Defaults suit a local run on port 8080; %test points everything at
 * the test port and compresses webhook retries.
 */
@ConfigMapping(prefix = "simulator")
public interface SimulatorConfig {

    /** The application credentials the simulator accepts (Basic and {@code /auth/token} body). */
    @WithDefault("finch-sim-client")
    String clientId();

    @WithDefault("finch-sim-secret")
    String clientSecret();

    /** Base of the URLs the simulator hands out ({@code connect_url}, {@code job_url}). */
    @WithDefault("http://localhost:8080")
    String publicBaseUrl();

    /** The service the Connect page reports session events to, as a relaying front end would. */
    @WithDefault("http://localhost:8080")
    String serviceUrl();

    /** API key (plaintext) for reporting session events to the service. */
    @WithDefault("fc_dev_local_api_key")
    String serviceApiKey();

    /** How long reporting one session event may take before the page goes on without it. */
    @WithDefault("2s")
    Duration serviceTimeout();

    /** Where webhooks go (a connection may override it through {@code _sim}). */
    @WithDefault("http://localhost:8080/webhooks/finch")
    String webhookUrl();

    /** The signing secret, standard base64 as Finch's dashboard shows it. */
    @WithDefault("OdnZztFfU6+A+lMWRWubluFv7YIzkz/sxYuG5IqIwug=")
    String webhookSecret();

    /** Finch's retry schedule: the wait before each attempt after a failed one (2023 docs). */
    @WithDefault("0s,5s,5m,30m,2h")
    List<Duration> webhookRetrySchedule();

    /** Divides every wait of the retry schedule (1 = Finch's real schedule). */
    @WithDefault("1")
    double webhookRetryCompression();

    @WithDefault("10s")
    Duration webhookTimeout();

    /** How long a job stays pending, then in progress, before it completes by itself. */
    @WithDefault("3s")
    Duration jobDuration();

    /** Forced {@code data_sync_all} refreshes per connection per hour. */
    @WithDefault("1")
    int jobRefreshesPerHour();

    /** How long an authorization code can be exchanged. */
    @WithDefault("10m")
    Duration codeTtl();

    /** How often the simulator looks for jobs and webhook retries that are due (timers do the prompt work). */
    @WithDefault("10s")
    Duration sweepInterval();
}
