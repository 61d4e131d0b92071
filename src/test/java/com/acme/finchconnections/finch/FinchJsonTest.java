package com.acme.finchconnections.finch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.acme.finchconnections.common.json.JsonConfiguration;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Finch's responses are read leniently and our requests are written exactly as Finch expects them. */
class FinchJsonTest {

    private final ObjectMapper json = mapper();

    static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper().findAndRegisterModules();
        new JsonConfiguration().customize(mapper);
        return mapper;
    }

    @Test
    void introspectionToleratesUnknownFieldsEnumsAndANumericCustomerId() throws Exception {
        Introspection introspection = json.readValue("""
                {"id":"t1","client_id":"c","client_type":"brand_new_type","connection_id":"conn",
                 "connection_status":{"status":"some_future_status","last_successful_sync":"2025-03-01T12:00:00"},
                 "connection_type":"provider","products":["company"],"provider_id":"gusto","customer_id":12345,
                 "authentication_methods":[{"type":"api_credential","connection_status":{"status":"connected"},
                   "products":["company"],"brand_new_field":{"x":1}}],
                 "entities":[{"id":"e1","name":null,"source_id":null,"status":"connected"}],
                 "a_field_finch_added_later":true}""", Introspection.class);
        assertEquals("12345", introspection.customerId());
        assertEquals("brand_new_type", introspection.clientType());
        assertEquals("some_future_status", introspection.connectionStatus().status());
        assertEquals(Instant.parse("2025-03-01T12:00:00Z"), introspection.connectionStatus().lastSuccessfulSync());
        assertEquals("api_credential", introspection.authenticationMethods().get(0).type());
    }

    @Test
    void anUnreadableTimestampBecomesNull() throws Exception {
        ConnectionStatus status = json.readValue("{\"status\":\"connected\",\"last_successful_sync\":\"yesterday\"}",
                ConnectionStatus.class);
        assertNull(status.lastSuccessfulSync());
    }

    @Test
    void createdSessionReadsUrlAsWellAsConnectUrl() throws Exception {
        assertEquals("https://x/a", json.readValue("{\"session_id\":\"s\",\"connect_url\":\"https://x/a\"}",
                CreatedSession.class).connectUrl());
        assertEquals("https://x/b", json.readValue("{\"session_id\":\"s\",\"url\":\"https://x/b\"}",
                CreatedSession.class).connectUrl());
    }

    @Test
    void requestsAreSnakeCaseAndOmitAbsentValues() throws Exception {
        String body = json.writeValueAsString(new CreateConnectSession("acme-1", "Acme", null, List.of("company"),
                new Integration("gusto", null), null, 60, null, "finch"));
        assertEquals("{\"customer_id\":\"acme-1\",\"customer_name\":\"Acme\",\"products\":[\"company\"],"
                + "\"integration\":{\"provider\":\"gusto\"},\"minutes_to_expire\":60,\"sandbox\":\"finch\"}", body);
    }

    @Test
    void tokenExchangeNeverPrintsTheToken() throws Exception {
        TokenExchange exchange = json.readValue("{\"access_token\":\"secret-token-value\",\"connection_id\":\"c1\"}",
                TokenExchange.class);
        assertEquals("secret-token-value", exchange.accessToken());
        assertFalse(exchange.toString().contains("secret-token-value"));
        assertTrue(exchange.toString().contains("c1"));
    }
}
