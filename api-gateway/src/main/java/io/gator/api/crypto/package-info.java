/** The API's checks wired to actors-core: PGP tokens, action signatures and the target grammar. */
package io.gator.api.crypto;
