package com.acme.finchconnections.common.problem;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.Response;

/** Builds {@code application/problem+json} responses. */
public final class ProblemResponses {

    public static final String MEDIA_TYPE = "application/problem+json";

    private ProblemResponses() {
    }

    public static Response of(ProblemException problem) {
        Response.ResponseBuilder builder = Response.status(problem.status())
                .type(MEDIA_TYPE)
                .entity(body(problem.status(), problem.type(), problem.title(), problem.getMessage(), problem.members()));
        problem.headers().forEach(builder::header);
        return builder.build();
    }

    public static Response of(int status, String slug, String title, String detail) {
        return Response.status(status).type(MEDIA_TYPE)
                .entity(body(status, Problems.type(slug), title, detail, Map.of()))
                .build();
    }

    public static Map<String, Object> body(int status, String type, String title, String detail,
            Map<String, Object> members) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.putAll(members);
        return body;
    }
}
