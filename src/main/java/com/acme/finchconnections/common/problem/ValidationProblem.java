package com.acme.finchconnections.common.problem;

import java.util.List;

/** A 400 listing every offending field, never just the first. */
public class ValidationProblem extends ProblemException {

    private final List<Violation> violations;

    public ValidationProblem(List<Violation> violations) {
        super(400, Problems.type("validation-failed"), "Invalid request",
                violations.size() == 1 ? violations.get(0).field() + ": " + violations.get(0).message()
                        : violations.size() + " fields are invalid");
        this.violations = List.copyOf(violations);
        with("violations", this.violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
