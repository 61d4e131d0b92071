package com.acme.finchconnections.migration;

import com.acme.finchconnections.common.crypto.SealedToken;

/** A legacy record ready to be written: its token sealed, so the clear value never reaches the database. */
record SealedRecord(int index, SealedToken token, String accountId, String companyId, String customerId,
        String customerName) {

    static SealedRecord of(LegacyRecord record, SealedToken token) {
        return new SealedRecord(record.index(), token, record.accountId(), record.companyId(), record.customerId(),
                record.customerName());
    }

    @Override
    public String toString() {
        return "SealedRecord[index=" + index + "]";
    }
}
