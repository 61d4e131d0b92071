package com.acme.finchconnections.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * The PostgreSQL and Kafka every {@code @QuarkusTest} shares: started once per test JVM, on free ports, and
 * stopped when the JVM exits. Restarting them per test class would cost seconds each time for nothing.
 */
public final class TestInfrastructure {

    private static EmbeddedPostgresServer postgres;
    private static EmbeddedKafkaBroker kafka;

    private TestInfrastructure() {
    }

    public static synchronized EmbeddedPostgresServer postgres() {
        startIfNeeded();
        return postgres;
    }

    public static synchronized EmbeddedKafkaBroker kafka() {
        startIfNeeded();
        return kafka;
    }

    private static void startIfNeeded() {
        if (postgres != null) {
            return;
        }
        try {
            postgres = EmbeddedPostgresServer.start(null, 0);
            kafka = EmbeddedKafkaBroker.start(null);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the test PostgreSQL and Kafka", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(TestInfrastructure::stop, "test-infrastructure-stop"));
    }

    private static synchronized void stop() {
        try {
            if (kafka != null) {
                kafka.close();
            }
            if (postgres != null) {
                postgres.close();
            }
        } catch (Exception e) {
            System.err.println("test infrastructure did not stop cleanly: " + e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
