package com.acme.finchconnections.migration;

/**
 * One legacy connection as the caller sent it: its token and whatever ids the caller knows it by. {@code index} is
 * its position in the request ({@code connections[index]}). {@link #toString()} leaves the token out.
 */
record LegacyRecord(int index, String accessToken, String accountId, String companyId, String customerId,
        String customerName) {

    @Override
    public String toString() {
        return "LegacyRecord[index=" + index + ", accessToken=***, accountId=" + accountId + ", companyId="
                + companyId + ", customerId=" + customerId + ", customerName=" + customerName + "]";
    }
}
