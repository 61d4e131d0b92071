package com.acme.finchconnections.simulator;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.quarkus.qute.TemplateData;

/** The providers the simulated Connect offers, each with the auth method it uses by default. */
final class SimProviders {

    @TemplateData
    public record Provider(String id, String displayName, String authMethod) {
        public boolean isAssisted() {
            return "assisted".equals(authMethod);
        }
    }

    static final List<Provider> ALL = List.of(
            new Provider("gusto", "Gusto", "oauth"),
            new Provider("adp_run", "ADP Run", "credential"),
            new Provider("bamboo_hr", "BambooHR", "api_token"),
            new Provider("paychex_flex", "Paychex Flex", "credential"),
            new Provider("rippling", "Rippling", "oauth"),
            new Provider("justworks", "Justworks", "credential"),
            new Provider("finch", "Finch (sandbox)", "credential"),
            new Provider("adp_workforce_now", "ADP Workforce Now", "assisted"),
            new Provider("ukg_pro", "UKG Pro", "assisted"));

    static final Set<String> AUTH_METHODS = Set.of("assisted", "credential", "oauth", "api_token");

    static final String DEFAULT_PROVIDER = "gusto";

    private SimProviders() {
    }

    static Optional<Provider> find(String id) {
        return ALL.stream().filter(provider -> provider.id().equals(id)).findFirst();
    }

    /** The session's (or caller's) auth method, else the provider's usual one, else credentials. */
    static String authMethodFor(String providerId, String requested) {
        if (requested != null) {
            return requested;
        }
        return find(providerId).map(Provider::authMethod).orElse("credential");
    }

    /** What Connect lists: assisted providers only when the session asked for {@code manual}. */
    static List<Provider> offered(boolean manual) {
        return ALL.stream().filter(provider -> manual || !provider.isAssisted()).toList();
    }
}
