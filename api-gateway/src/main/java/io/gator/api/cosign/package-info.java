/**
 * Co-signing: an action whose modules need more signature weight than its poster's (per the agents' ACL,
 * mirrored in {@code gator.api.cosign.acl}) waits, stored as pending, until other investigators add their
 * own signatures over the same canonical string; it is then created as any other action, or expires.
 * The server never signs.
 */
package io.gator.api.cosign;
