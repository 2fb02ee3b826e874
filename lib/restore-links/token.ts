import { createHash, createHmac, hkdfSync, randomBytes } from "node:crypto";

/*
 * The cryptography of restore links, kept apart from storage so each piece is testable.
 *
 * A link's token is never stored, in any form a database reader could use:
 *   token = base64url(HMAC-SHA256(K, seed))      K derived from SESSION_SECRET (HKDF)
 * The row keeps the token's SHA-256 (to find it when opened) and the random seed (inside
 * its payload, encrypted when SESSION_ENC_KEY is set). Handing the same link out again
 * derives the token from the seed once more; without the server's secret a stolen dump
 * yields no working link. We chose this over keeping the token itself encrypted with the
 * engine's codec, because that codec is plain JSON unless SESSION_ENC_KEY is set: the
 * token would then sit readable in every row. And over keeping the link in the cart's
 * session, because writing to a shopper's session makes their cart look active again
 * (`session_updated`), which would take it off the abandoned list it was linked from.
 *
 * Anyone holding SESSION_SECRET can already forge every session cookie, so deriving from
 * it adds no new secret to protect. Rotation: SESSION_SECRET is a list, newest first; a
 * link is re-derived with each until one matches its stored hash, so a link made before a
 * rotation is handed out unchanged while its secret is still listed.
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

const keyCache = new Map<string, Buffer>();

/** A key for one purpose, from one secret (HKDF-SHA256, so it never equals a key iron-session uses). */
function derivedKey(secret: string, purpose: "token" | "customer"): Buffer {
  const id = `${purpose}\0${secret}`;
  let key = keyCache.get(id);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", secret, "cartsession-demo", `restore-links:${purpose}:v1`, 32));
    keyCache.set(id, key);
  }
  return key;
}

/** The token of a seed under one secret. */
export function deriveToken(seed: string, secret: string): string {
  return createHmac("sha256", derivedKey(secret, "token")).update(seed).digest("base64url");
}

/** The token a row was made with: the first secret whose token hashes to `tokenHash`, or null when none does. */
export function recoverToken(seed: string, tokenHash: string, secrets: readonly string[]): string | null {
  for (const secret of secrets) {
    const token = deriveToken(seed, secret);
    if (hashToken(token) === tokenHash) return token;
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
 * A customer's references, one per secret (newest first). Customer ids are guessable (the
 * demo's are small numbers), so a plain hash would name the customer: this one is keyed.
 * New rows take the first; lookups ask for all of them.
 */
export function customerRefs(customerId: string, secrets: readonly string[]): string[] {
  return secrets.map((secret) => createHmac("sha256", derivedKey(secret, "customer")).update(customerId).digest("hex"));
}
