import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from "node:crypto";

/*
 * The cryptography of restore links, kept apart from storage so each piece is testable.
 *
 * Keys: the engine derives 32-byte keys from SESSION_SECRET for the purpose
 * "restore-links" (`sessions.deriveKeys`, HKDF-SHA256), newest first like the secret's
 * list; the demo never sees the secret itself. From each, HKDF gives three keys of its own:
 * one for tokens, one for customer references, one for sealing payloads.
 *
 * A link's token is never stored, in any form a database reader could use:
 *   token = base64url(HMAC-SHA256(K_token, seed))
 * The row keeps the token's SHA-256 (to find it when opened) and the random seed inside
 * its payload, which is always sealed (AES-256-GCM under K_payload, the token's hash as
 * associated data, so a payload copied into another row does not open). Handing the same
 * link out again derives the token from the seed once more; without the server's secret a
 * stolen dump yields no working link and no cart. We chose this over keeping the link in
 * the cart's session, because writing to a shopper's session makes their cart look active
 * again (`session_updated`), which would take it off the abandoned list it was linked from.
 *
 * Rotation: every key opens and re-derives (newest first), the first seals and signs, so a
 * link made before a rotation is handed out unchanged while its secret is still listed;
 * once that secret is removed its link reads as unknown and gives way to a new one.
 */

/** 32 bytes of HMAC output as base64url: 43 characters. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function isRestoreToken(value: unknown): value is string {
  return typeof value === "string" && TOKEN_PATTERN.test(value);
}

/** What a row is found by: only this is stored. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A fresh random seed (128 bits) for a new link. */
export function newSeed(): string {
  return randomBytes(16).toString("base64url");
}

type Purpose = "token" | "customer" | "payload";

const subkeys = new WeakMap<Uint8Array, Map<Purpose, Buffer>>();

/** One of a restore-links key's three keys (HKDF-SHA256 again, so no two uses share a key). */
function subkey(key: Uint8Array, purpose: Purpose): Buffer {
  let byPurpose = subkeys.get(key);
  if (!byPurpose) subkeys.set(key, (byPurpose = new Map()));
  let derived = byPurpose.get(purpose);
  if (!derived) {
    derived = Buffer.from(hkdfSync("sha256", key, "cartsession-demo", `restore-links:${purpose}:v2`, 32));
    byPurpose.set(purpose, derived);
  }
  return derived;
}

/** The token of a seed under one key. */
export function deriveToken(seed: string, key: Uint8Array): string {
  return createHmac("sha256", subkey(key, "token")).update(seed).digest("base64url");
}

/** The token a row was made with: the first key whose token hashes to `tokenHash`, or null when none does. */
export function recoverToken(seed: string, tokenHash: string, keys: readonly Uint8Array[]): string | null {
  for (const key of keys) {
    const token = deriveToken(seed, key);
    if (hashToken(token) === tokenHash) return token;
  }
  return null;
}

/** What a sealed payload starts with (the format's version). */
const SEALED_PREFIX = "gcm1.";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Seals a payload with the newest key: AES-256-GCM, `boundTo` (the token's hash) as associated data. */
export function sealPayload(data: unknown, boundTo: string, keys: readonly Uint8Array[]): string {
  const key = keys[0];
  if (!key) throw new Error("restore links need at least one key");
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", subkey(key, "payload"), iv);
  cipher.setAAD(Buffer.from(boundTo));
  const sealed = Buffer.concat([cipher.update(JSON.stringify(data), "utf8"), cipher.final()]);
  return SEALED_PREFIX + Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString("base64url");
}

/** Opens a sealed payload with any of the keys; null when none opens it (a retired secret, another row's payload, tampering). */
export function openPayload(sealed: string, boundTo: string, keys: readonly Uint8Array[]): Record<string, unknown> | null {
  if (!sealed.startsWith(SEALED_PREFIX)) return null;
  const bytes = Buffer.from(sealed.slice(SEALED_PREFIX.length), "base64url");
  if (bytes.length < IV_BYTES + TAG_BYTES) return null;
  const iv = bytes.subarray(0, IV_BYTES);
  const tag = bytes.subarray(bytes.length - TAG_BYTES);
  const body = bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES);
  for (const key of keys) {
    try {
      const decipher = createDecipheriv("aes-256-gcm", subkey(key, "payload"), iv);
      decipher.setAAD(Buffer.from(boundTo));
      decipher.setAuthTag(tag);
      const data = JSON.parse(Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8")) as unknown;
      return typeof data === "object" && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : null;
    } catch {
      // Not this key: try the next.
    }
  }
  return null;
}

/**
 * A cart's reference: SHA-256 of its session key. Session keys are 120 random bits, so the
 * hash reveals nothing, and it needs no secret, so rotating secrets never orphans a link.
 */
export function cartRef(sessionKey: string): string {
  return createHash("sha256").update(`cart\0${sessionKey}`).digest("hex");
}

/** Who restored a link: SHA-256 of the restoring browser's session key. */
export function visitorRef(sessionKey: string): string {
  return createHash("sha256").update(`visitor\0${sessionKey}`).digest("hex");
}

/**
 * A customer's references, one per key (newest first). Customer ids are guessable (the
 * demo's are small numbers), so a plain hash would name the customer: this one is keyed.
 * New rows take the first; lookups ask for all of them.
 */
export function customerRefs(customerId: string, keys: readonly Uint8Array[]): string[] {
  return keys.map((key) => createHmac("sha256", subkey(key, "customer")).update(customerId).digest("hex"));
}
