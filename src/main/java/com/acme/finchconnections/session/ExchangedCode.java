package com.acme.finchconnections.session;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

/**
 * An authorization code this service already exchanged, kept as a SHA-256 hash (a code is a credential for its
 * ~10 minutes). Connect's callback can fire twice: the second exchange finds the code here and answers with the
 * same connection instead of spending the code again.
 */
@Entity
@Table(name = "exchanged_code")
public class ExchangedCode extends PanacheEntityBase {

    @Id
    public byte[] codeHash;
    public String connectionId;
    public String sessionId;
    public Instant createdAt;

    public static Uni<ExchangedCode> findByHash(byte[] codeHash) {
        return ExchangedCode.<ExchangedCode>find("codeHash", (Object) codeHash).firstResult();
    }

    static ExchangedCode of(byte[] codeHash, String connectionId, String sessionId, Instant at) {
        ExchangedCode code = new ExchangedCode();
        code.codeHash = codeHash;
        code.connectionId = connectionId;
        code.sessionId = sessionId;
        code.createdAt = at;
        return code;
    }
}
