package com.acme.finchconnections.testing;

import io.quarkus.test.common.QuarkusTestResource;

/** Declares the shared infrastructure for every {@code @QuarkusTest} in this module. */
@QuarkusTestResource(InfrastructureResource.class)
public final class SharedInfrastructure {

    private SharedInfrastructure() {
    }
}
