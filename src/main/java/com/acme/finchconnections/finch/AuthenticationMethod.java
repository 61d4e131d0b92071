package com.acme.finchconnections.finch;

import java.util.List;

/** One way a connection authenticates with the provider, with its own status and products. */
public record AuthenticationMethod(String type, ConnectionStatus connectionStatus, List<String> products) {
}
