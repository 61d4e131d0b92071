package com.acme.finchconnections.testing;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points the application under test at the shared PostgreSQL and Kafka and at a free HTTP port (several
 * test JVMs may run side by side, so no fixed port).
 */
public class InfrastructureResource implements QuarkusTestResourceLifecycleManager {

    private static final int HTTP_PORT = TestInfrastructure.freePort();

    @Override
    public Map<String, String> start() {
        EmbeddedPostgresServer postgres = TestInfrastructure.postgres();
        EmbeddedKafkaBroker kafka = TestInfrastructure.kafka();
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.reactive.url", postgres.url());
        config.put("quarkus.datasource.jdbc.url", "jdbc:" + postgres.url());
        config.put("quarkus.datasource.username", EmbeddedPostgresServer.USER);
        config.put("quarkus.datasource.password", "");
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("quarkus.http.test-port", String.valueOf(HTTP_PORT));
        return config;
    }

    @Override
    public void stop() {
        // Shared for the whole JVM: TestInfrastructure stops it at exit.
    }
}
