import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { createJsonCodec, type SessionData, type ValueCodec } from "./codec.js";
import { OptionsError } from "./errors.js";

/**
 * Encryption at rest for `session_value`: AES-256-GCM envelopes
 *   enc:v1:<key id>:<iv>:<ciphertext+tag>      (base64url parts)
 * with the session key as associated data, so a row copied under another key does not
 * decrypt. Several keys rotate: the first encrypts, all decrypt, and a row written with
 * an older key (or stored before encryption was on) is re-encrypted on its next write.
 */
const PREFIX = "enc:v1:";

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

function parseKey(raw: string, index: number, option: string): EncryptionKey {
  const text = raw.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, "hex") : Buffer.from(text, "base64");
  if (key.length !== 32) {
    throw new OptionsError(option, `key ${index + 1} must be 32 bytes as 64 hex characters or base64 (got ${key.length} bytes)`);
  }
  return { id: createHash("sha256").update(key).digest("hex").slice(0, 8), key };
}

/** Validates keys given as 64 hex characters or base64 of 32 bytes, newest first. */
export function parseEncryptionKeys(raw: readonly string[], option = "encryptionKeys"): EncryptionKey[] {
  const keys = raw.filter((k) => k.trim() !== "").map((k, i) => parseKey(k, i, option));
  if (keys.length === 0) throw new OptionsError(option, "holds no key");
  return keys;
}

export function createEncryptedCodec(keys: readonly EncryptionKey[], log: (message: string) => void = console.error): ValueCodec {
  const current = keys[0];
  if (!current) throw new OptionsError("encryptionKeys", "holds no key");
  const byId = new Map(keys.map((k) => [k.id, k.key]));
  const plain = createJsonCodec(log);
  return {
    encode(data: SessionData, sessionKey: string): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", current.key, iv);
      cipher.setAAD(Buffer.from(sessionKey));
      const body = Buffer.concat([cipher.update(JSON.stringify(data), "utf8"), cipher.final(), cipher.getAuthTag()]);
      return `${PREFIX}${current.id}:${iv.toString("base64url")}:${body.toString("base64url")}`;
    },
    decode(value: string, sessionKey: string): SessionData {
      // Rows written before encryption was turned on are still read (and encrypted on their next write).
      if (!value.startsWith(PREFIX)) return plain.decode(value, sessionKey);
      const [id, ivText, bodyText] = value.slice(PREFIX.length).split(":");
      const key = id === undefined ? undefined : byId.get(id);
      if (!key || !ivText || !bodyText) {
        log(`[cartsession] session ${sessionKey}: encrypted with unknown key id ${id ?? "?"}; reading it as empty`);
        return {};
      }
      try {
        const body = Buffer.from(bodyText, "base64url");
        const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(ivText, "base64url"));
        decipher.setAAD(Buffer.from(sessionKey));
        decipher.setAuthTag(body.subarray(body.length - 16));
        const text = Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString("utf8");
        return plain.decode(text, sessionKey);
      } catch {
        log(`[cartsession] session ${sessionKey}: stored value failed to decrypt; reading it as empty`);
        return {};
      }
    },
  };
}
