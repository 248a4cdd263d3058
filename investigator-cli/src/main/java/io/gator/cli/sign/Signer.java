package io.gator.cli.sign;

/** Makes MIG's de-armored detached signature over bytes with the investigator's key. */
@FunctionalInterface
public interface Signer {
    String sign(byte[] data) throws Exception;
}
