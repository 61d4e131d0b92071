package com.acme.finchconnections.webhook;

/**
 * One delivery from Finch as it arrived: the three signing headers (null when absent) and the body bytes,
 * untouched, because the signature covers exactly those bytes.
 */
public record WebhookDelivery(String eventId, String timestamp, String signature, byte[] body) {
}
