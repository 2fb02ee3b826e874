import { hkdfSync } from "node:crypto";

/** Purposes are short labels (`restore-links`, `csrf`): they go into the derivation, never into a log. */
const PURPOSE = /^[a-z0-9][a-z0-9._:-]{0,63}$/;

/**
 * Keys for an app's own purpose, derived from the session secrets without revealing them:
 * HKDF-SHA256 over each password (newest first), with the purpose as the info string, so
 * two purposes never share a key and no derived key helps forge a session cookie. Like the
 * passwords, the first key signs or encrypts and every key verifies or decrypts, so secret
 * rotation carries over.
 */
export function deriveKeys(passwords: readonly string[], purpose: string): Uint8Array[] {
  if (!PURPOSE.test(purpose)) throw new TypeError(`deriveKeys: the purpose must be 1-64 characters of a-z, 0-9, '.', '_', ':' or '-', not ${JSON.stringify(purpose)}`);
  return passwords.map((password) => new Uint8Array(hkdfSync("sha256", password, "cartsession", `cartsession derived key: ${purpose}`, 32)));
}
