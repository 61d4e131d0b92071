package com.acme.finchconnections.operator;

import io.quarkus.qute.TemplateData;

/** What the page layout shows on every page: who is signed in, the form token, which tab is active. */
@TemplateData
public record OperatorHeader(String caller, String csrfToken, String active) {

    static OperatorHeader of(OperatorSession session, String active) {
        return new OperatorHeader(session.caller(), session.csrfToken(), active);
    }
}
