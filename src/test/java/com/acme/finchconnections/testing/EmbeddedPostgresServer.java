package com.acme.finchconnections.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** A real PostgreSQL from the binaries shipped in a jar: no Docker, no package install. */
public final class EmbeddedPostgresServer implements AutoCloseable {

    public static final String DATABASE = "finch";
    public static final String USER = "postgres";

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts PostgreSQL. With a data directory the cluster is kept between runs (local run); without one it
     * lives in a temporary directory (tests).
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port) throws IOException, SQLException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setServerConfig("max_connections", "200")
                .setServerConfig("fsync", dataDirectory == null ? "off" : "on")
                .setServerConfig("synchronous_commit", dataDirectory == null ? "off" : "on")
                // bench/run.sh reads when each webhook's transaction committed (pg_xact_commit_timestamp).
                .setServerConfig("track_commit_timestamp", "on");
        if (port > 0) {
            builder.setPort(port);
        }
        if (dataDirectory != null) {
            builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
        }
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(builder.start());
        server.createDatabase();
        return server;
    }

    private void createDatabase() throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery(
                    "select 1 from pg_database where datname = '" + DATABASE + "'")) {
                if (exists.next()) {
                    return;
                }
            }
            statement.execute("create database " + DATABASE);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    /** {@code postgresql://localhost:PORT/finch}: the form {@code DB_URL} takes. */
    public String url() {
        return "postgresql://localhost:" + port() + "/" + DATABASE;
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
