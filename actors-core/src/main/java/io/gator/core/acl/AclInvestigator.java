package io.gator.core.acl;

/**
 * One investigator of an ACL entry: the fingerprint of their primary key and the weight their
 * signature adds.
 */
public record AclInvestigator(String fingerprint, int weight) {
    public AclInvestigator {
        fingerprint = fingerprint == null ? "" : fingerprint;
    }
}
