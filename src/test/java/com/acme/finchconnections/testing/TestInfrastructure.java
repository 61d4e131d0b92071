package com.acme.finchconnections.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The PostgreSQL and Kafka every {@code @QuarkusTest} shares: started once per test JVM, on free ports, and
 * stopped when the JVM exits. Restarting them per test class would cost seconds each time for nothing.
 */
public final class TestInfrastructure {

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int IANA_EPHEMERAL_START = 49_152;
    /** Above the ports that well-known and commonly installed services listen on. */
    private static final int LOWEST_PORT = 20_000;

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
            postgres = EmbeddedPostgresServer.start(null, freePort());
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

    /**
     * A port that is free now and that the kernel will not hand to anyone else unasked: it lies below the
     * ephemeral range, from which every outgoing connection and every bind to port 0 takes its port. A port
     * from {@code new ServerSocket(0)} is in that range, so between choosing it and binding it, one of the many
     * connections PostgreSQL, Kafka and the tests open could take it, and Quarkus would fail to start with
     * "Port already bound" (the likely cause of one CI failure). Falls back to such a port when the range leaves no
     * room below it.
     */
    public static int freePort() {
        int ephemeralStart = ephemeralRangeStart();
        if (ephemeralStart - LOWEST_PORT >= 1_000) {
            for (int attempt = 0; attempt < 100; attempt++) {
                int candidate = ThreadLocalRandom.current().nextInt(LOWEST_PORT, ephemeralStart);
                if (isFree(candidate)) {
                    return candidate;
                }
            }
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int ephemeralRangeStart() {
        // Line by line: /proc reports a size of 0, and Files.readString returned only the first byte here.
        try (BufferedReader range = Files.newBufferedReader(EPHEMERAL_RANGE)) {
            return Integer.parseInt(range.readLine().trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return IANA_EPHEMERAL_START; // not Linux: the range IANA suggests, which macOS uses
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
