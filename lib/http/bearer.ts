import { createHash, timingSafeEqual } from "node:crypto";

function sha256(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

/**
 * Whether an `Authorization: Bearer <token>` header carries `secret`. Both sides are hashed
 * first, so the constant-time comparison never leaks the secret's length either.
 */
export function hasBearerSecret(authorization: string | null, secret: string): boolean {
  const match = /^Bearer +(\S+) *$/i.exec(authorization ?? "");
  const presented = match?.[1] ?? "";
  // Compare even when the header is malformed, so every refusal takes the same time.
  const equal = timingSafeEqual(sha256(presented), sha256(secret));
  return equal && match !== null;
}
