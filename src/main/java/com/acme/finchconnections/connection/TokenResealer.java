package com.acme.finchconnections.connection;

import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.acme.finchconnections.common.crypto.TokenCipher;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Key rotation, second half: once a new key is active (and the old one still configured), every token still sealed
 * under an old key is re-sealed under the active one, a batch per transaction, so the old key can be retired.
 * Runs on a schedule and on demand ({@code POST /api/v1/admin/tokens/reseal}).
 */
@ApplicationScoped
public class TokenResealer {

    private static final Logger LOG = Logger.getLogger(TokenResealer.class);

    private final TokenVault vault;
    private final TokenCipher cipher;
    private final TokenResealConfig config;

    public TokenResealer(TokenVault vault, TokenCipher cipher, TokenResealConfig config) {
        this.vault = vault;
        this.cipher = cipher;
        this.config = config;
    }

    public record Resealed(int resealed, String activeKeyId) {
    }

    /** Re-seals until no token under an old key is left; returns how many were re-sealed. */
    public Uni<Resealed> resealAll() {
        return Multi.createBy().repeating()
                .uni(() -> Panache.withTransaction(() -> vault.resealBatch(config.batchSize())))
                .whilst(count -> count > 0)
                .collect().with(Collectors.summingInt(Integer::intValue))
                .map(total -> new Resealed(total, cipher.activeKeyId()));
    }

    @Scheduled(every = "${tokens.reseal.every:1h}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> resealOnSchedule() {
        return resealAll()
                .invoke(result -> {
                    if (result.resealed() > 0) {
                        LOG.infof("Re-sealed %d access tokens under key %s", result.resealed(), result.activeKeyId());
                    }
                })
                .replaceWithVoid();
    }
}
