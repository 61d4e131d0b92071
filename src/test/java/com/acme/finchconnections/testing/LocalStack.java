package com.acme.finchconnections.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CountDownLatch;

/**
 * The local run's infrastructure (used by {@code ./run-local}): a PostgreSQL and a Kafka broker whose data live
 * under one directory and survive a restart. It writes their addresses to {@code stack.env} once ready and stops
 * both on SIGINT/SIGTERM, or when the process that started it is gone, so nothing is left behind.
 * It lives in the test sources so the embedded database and broker jars never reach the production artifact.
 */
public final class LocalStack {

    private LocalStack() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDirectory = Path.of(args.length > 0 ? args[0] : ".local").toAbsolutePath();
        long parentPid = args.length > 1 ? Long.parseLong(args[1]) : -1;
        Files.createDirectories(dataDirectory);

        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDirectory.resolve("postgres"),
                Integer.getInteger("postgres.port", 0));
        EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(dataDirectory.resolve("kafka"));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(postgres, kafka, stopped), "local-stack-stop"));

        writeEnvironment(dataDirectory, postgres, kafka);
        System.out.println("PostgreSQL " + postgres.url() + " (data in " + dataDirectory.resolve("postgres") + ")");
        System.out.println("Kafka " + kafka.bootstrapServers() + " (data in " + dataDirectory.resolve("kafka") + ")");

        watchParent(parentPid);
        stopped.await();
    }

    private static void writeEnvironment(Path dataDirectory, EmbeddedPostgresServer postgres,
            EmbeddedKafkaBroker kafka) throws IOException {
        Path temporary = dataDirectory.resolve("stack.env.tmp");
        Files.writeString(temporary, String.join("\n",
                "DB_URL=" + postgres.url(),
                "DB_USERNAME=" + EmbeddedPostgresServer.USER,
                "DB_PASSWORD=",
                "KAFKA_BOOTSTRAP_SERVERS=" + kafka.bootstrapServers(),
                ""));
        Files.move(temporary, dataDirectory.resolve("stack.env"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** If the run script is killed outright, its trap never runs: exit on our own so nothing is left running. */
    private static void watchParent(long parentPid) {
        if (parentPid <= 0) {
            return;
        }
        Thread watcher = new Thread(() -> {
            while (ProcessHandle.of(parentPid).map(ProcessHandle::isAlive).orElse(false)) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
            System.exit(0);
        }, "local-stack-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void stop(EmbeddedPostgresServer postgres, EmbeddedKafkaBroker kafka, CountDownLatch stopped) {
        try {
            kafka.close();
        } catch (Exception e) {
            System.err.println("Kafka did not stop cleanly: " + e);
        }
        try {
            postgres.close();
        } catch (Exception e) {
            System.err.println("PostgreSQL did not stop cleanly: " + e);
        }
        stopped.countDown();
    }
}
