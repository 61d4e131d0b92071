package com.acme.finchconnections.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class TestInfrastructureTest {

    @Test
    @EnabledOnOs(OS.LINUX)
    void theHttpPortLiesBelowTheEphemeralRangeSoNoConnectionCanTakeItFirst() throws IOException {
        int ephemeralStart = Integer.parseInt(
                Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim().split("\\s+")[0]);
        for (int i = 0; i < 20; i++) {
            int port = TestInfrastructure.freePort();
            assertTrue(port < ephemeralStart, port + " is in the ephemeral range from " + ephemeralStart);
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(port)); // and it is free
            }
        }
    }
}
