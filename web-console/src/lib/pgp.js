// The investigator's secret key, in this page's memory only (never stored in localStorage, sessionStorage or
// IndexedDB, never uploaded), and the two signatures MIG asks for: the X-PGPAUTHORIZATION token and an action's
// detached signature, both in MIG's "de-armored" form (base64 of the signature packet, '=', CRC24).
import * as openpgp from 'openpgp';

let secretKey = null;

/** Reads an armored secret key; an encrypted one needs its passphrase. Replaces any key loaded before. */
export async function loadKey(armored, passphrase = '') {
  let key;
  try {
    key = await openpgp.readPrivateKey({ armoredKey: armored });
  } catch (e) {
    throw new Error(`not an armored OpenPGP secret key: ${e.message}`);
  }
  if (!key.isDecrypted()) {
    if (!passphrase) {
      throw new Error('this key is protected: give its passphrase');
    }
    try {
      key = await openpgp.decryptKey({ privateKey: key, passphrase });
    } catch (e) {
      throw new Error(`wrong passphrase: ${e.message}`);
    }
  }
  secretKey = key;
  return keyInfo();
}

/** Whether a key is armored and encrypted (to ask for the passphrase before loading). */
export async function isEncrypted(armored) {
  const key = await openpgp.readPrivateKey({ armoredKey: armored });
  return !key.isDecrypted();
}

/** The loaded key's fingerprint and user IDs, or null. */
export function keyInfo() {
  return secretKey && {
    fingerprint: secretKey.getFingerprint().toUpperCase(),
    userIds: secretKey.getUserIDs(),
  };
}

/** Drops the key from memory. */
export function forgetKey() {
  secretKey = null;
}

/** A detached binary signature of the UTF-8 bytes of `text`, de-armored as MIG sends signatures. */
export async function signText(text, key = secretKey) {
  if (!key) {
    throw new Error('no secret key loaded');
  }
  const message = await openpgp.createMessage({ binary: new TextEncoder().encode(text) });
  const packets = await openpgp.sign({ message, signingKeys: key, detached: true, format: 'binary' });
  return dearmored(packets);
}

/** MIG's X-PGPAUTHORIZATION value: 1;<UTC time to the second>;<nonce>;<signature of "1;<time>;<nonce>\n">. */
export async function authToken(now = new Date(), nonce = randomNonce(), key = secretKey) {
  const prefix = `1;${now.toISOString().replace(/\.\d+Z$/, 'Z')};${nonce}`;
  return `${prefix};${await signText(prefix + '\n', key)}`;
}

function randomNonce() {
  const b = crypto.getRandomValues(new Uint32Array(2));
  return String((BigInt(b[0] & 0x7fffffff) << 32n) | BigInt(b[1]));
}

/** Base64 of the packets, then '=' and the base64 of their CRC24 (RFC 4880 6.1). */
export function dearmored(bytes) {
  const crc = crc24(bytes);
  return base64(bytes) + '=' + base64(Uint8Array.of((crc >> 16) & 0xff, (crc >> 8) & 0xff, crc & 0xff));
}

export function crc24(bytes) {
  let crc = 0xb704ce;
  for (const b of bytes) {
    crc ^= b << 16;
    for (let i = 0; i < 8; i++) {
      crc <<= 1;
      if (crc & 0x1000000) {
        crc ^= 0x1864cfb;
      }
    }
  }
  return crc & 0xffffff;
}

function base64(bytes) {
  let s = '';
  for (const b of bytes) {
    s += String.fromCharCode(b);
  }
  return btoa(s);
}
