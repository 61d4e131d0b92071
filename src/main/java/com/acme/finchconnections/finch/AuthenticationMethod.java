package com.acme.finchconnections.finch;

import java.util.List;

/** TEMPORARY STUB of the issue-3 Finch client surface. */
public record AuthenticationMethod(String type, ConnectionStatus connectionStatus, List<String> products) {
}
