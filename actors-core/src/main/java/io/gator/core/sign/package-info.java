/**
 * OpenPGP signatures as MIG uses them: de-armored detached signatures ({@link io.gator.core.sign.Armor}),
 * public keyrings ({@link io.gator.core.sign.Keyring}), signing ({@link io.gator.core.sign.PgpSigner},
 * {@link io.gator.core.sign.GpgSigner}) and verification ({@link io.gator.core.sign.PgpVerifier}).
 */
package io.gator.core.sign;
