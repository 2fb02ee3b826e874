import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Whether an `Authorization: Bearer <token>` header carries `secret` (the admin API's token).
 * Both sides are hashed first, so the constant-time comparison never leaks the secret's
 * length either, and a malformed header is compared too, so every refusal takes the same time.
 */
export function hasBearerSecret(authorization: string | null, secret: string): boolean {
  const match = /^Bearer +(\S+) *$/i.exec(authorization ?? "");
  const presented = match?.[1] ?? "";
  const equal = timingSafeEqual(createHash("sha256").update(presented, "utf8").digest(), createHash("sha256").update(secret, "utf8").digest());
  return equal && match !== null;
}
