import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { SessionError } from "cartsession";

/**
 * scrypt at OWASP's minimum for scrypt (N=2^17, r=8, p=1: 128 MiB and roughly 0.2-0.4 s per
 * hash on a 2-core machine). Parameters travel with each hash, so older hashes still verify
 * and are upgraded at the next successful login (`needsRehash`).
 */
export const PASSWORD_PARAMS = { N: 2 ** 17, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
/** Hashes allowed at once, and waiting; beyond that a login is refused (busy) instead of queued. */
const MAX_RUNNING = 1;
const MAX_WAITING = 16;

const memoryFor = (N: number, r: number) => 128 * N * r + 16 * 1024 * 1024;

/*
 * scrypt runs on libuv's thread pool (four threads), which also runs the Web Crypto that
 * seals and unseals session cookies. One hash at a time leaves three threads to shoppers,
 * so a password flood never queues their cookies behind it (docs/ARCHITECTURE.md).
 */
let running = 0;
const waiting: (() => void)[] = [];

async function withHashSlot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= MAX_RUNNING) {
    if (waiting.length >= MAX_WAITING) {
      throw new SessionError("rate_limited", "Too many logins are being checked right now; please retry in a moment.", { retryAfter: 1 });
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function derive(password: string, salt: Buffer, params: ScryptOptions, length: number): Promise<Buffer> {
  return withHashSlot(
    () =>
      new Promise((resolve, reject) =>
        scrypt(password.normalize("NFKC"), salt, length, params, (error, key) => (error ? reject(error) : resolve(key))),
      ),
  );
}

/** `scrypt$N$r$p$<salt b64>$<hash b64>`. */
export async function hashPassword(password: string): Promise<string> {
  const { N, r, p } = PASSWORD_PARAMS;
  const salt = randomBytes(16);
  const key = await derive(password, salt, { N, r, p, maxmem: memoryFor(N, r) }, KEY_LENGTH);
  return ["scrypt", N, r, p, salt.toString("base64"), key.toString("base64")].join("$");
}

/** Constant-time check; a malformed stored hash simply does not verify. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4] ?? "", "base64");
  const expected = Buffer.from(parts[5] ?? "", "base64");
  if (!N || !r || !p || salt.length === 0 || expected.length === 0 || N > 2 ** 20 || r > 16 || p > 4) return false;
  const actual = await derive(password, salt, { N, r, p, maxmem: memoryFor(N, r) }, expected.length);
  return timingSafeEqual(actual, expected);
}

/** Whether a stored hash is weaker than today's parameters (re-hash it after a successful login). */
export function needsRehash(stored: string): boolean {
  const [scheme, N, r, p] = stored.split("$");
  return scheme !== "scrypt" || Number(N) < PASSWORD_PARAMS.N || Number(r) < PASSWORD_PARAMS.r || Number(p) < PASSWORD_PARAMS.p;
}
