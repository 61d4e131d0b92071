package com.acme.finchconnections.operator;

import static io.restassured.RestAssured.given;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** A signed-in operator's browser, reduced to its cookie: the HTTP calls the operator page tests are made of. */
final class OperatorPages {

    static final String API_KEY = "fc_dev_local_api_key";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private OperatorPages() {
    }

    /** Signs in with the dev API key; returns the session cookie's value. */
    static String signIn() {
        return given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("api_key", API_KEY)
                .when().post("/login")
                .then().statusCode(303).extract().cookie(OperatorSessions.COOKIE);
    }

    static RequestSpecification as(String cookie) {
        return given().redirects().follow(false).cookie(OperatorSessions.COOKIE, cookie);
    }

    static Response page(String cookie, String path, Object... pathParams) {
        return as(cookie).when().get(path, pathParams);
    }

    static String csrfOf(String html) {
        Matcher matcher = CSRF.matcher(html);
        if (!matcher.find()) {
            throw new AssertionError("no csrf field in the page");
        }
        return matcher.group(1);
    }
}
