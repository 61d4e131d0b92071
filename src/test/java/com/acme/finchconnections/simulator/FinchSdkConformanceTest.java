package com.acme.finchconnections.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Finch's official TypeScript SDK ({@code conformance/}, pinned in its package-lock) against the simulator with
 * only its base URL changed. Needs node and {@code npm ci} in {@code conformance/}, so it runs on request:
 * {@code (cd conformance && npm ci --no-audit --no-fund) && ./mvnw -B test -Dtest=FinchSdkConformanceTest -Dconformance=true}.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "conformance", matches = "true")
class FinchSdkConformanceTest {

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Test
    void theOfficialSdkWorksAgainstTheSimulator() throws Exception {
        Path directory = Path.of("conformance").toAbsolutePath();
        if (!Files.isDirectory(directory.resolve("node_modules/@tryfinch/finch-api"))) {
            throw new IllegalStateException("run `npm ci --no-audit --no-fund` in " + directory + " first");
        }
        ProcessBuilder node = new ProcessBuilder("node", "check.mjs")
                .directory(directory.toFile())
                .redirectErrorStream(true);
        node.environment().put("FINCH_SIM_BASE_URL", "http://localhost:" + port + "/finch-sim");
        node.environment().put("FINCH_CLIENT_ID", FinchSimTestSupport.CLIENT_ID);
        node.environment().put("FINCH_CLIENT_SECRET", FinchSimTestSupport.CLIENT_SECRET);
        node.environment().put("FINCH_WEBHOOK_SECRET", FinchSimTestSupport.WEBHOOK_SECRET);
        Process process = node.start();
        try (BufferedReader output = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            output.lines().forEach(line -> System.out.println("[conformance] " + line));
        }
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("node conformance/check.mjs did not finish in 5 minutes");
        }
        assertEquals(0, process.exitValue(), "node conformance/check.mjs failed; its output is above");
    }
}
