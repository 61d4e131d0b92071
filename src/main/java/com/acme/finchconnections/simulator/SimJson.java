package com.acme.finchconnections.simulator;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.arc.profile.IfBuildProfile;

/**
 * Reads request bodies the way Finch answers bad ones: a Finch error body, not our problem+json. Resources take
 * the raw body and read it here.
 */
@ApplicationScoped
@IfBuildProfile(anyOf = { "dev", "test" })
public class SimJson {

    private final ObjectMapper mapper;

    public SimJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    <T> T read(String body, Class<T> type) {
        if (body == null || body.isBlank()) {
            body = "{}";
        }
        try {
            return mapper.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw FinchSimError.invalidRequest("Invalid request body: " + e.getOriginalMessage());
        }
    }

    JsonNode tree(String body) {
        return read(body, JsonNode.class);
    }

    String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    ObjectMapper mapper() {
        return mapper;
    }
}
