import { createHash, timingSafeEqual } from "node:crypto";

/**
 * A stand-in for your auth (Auth.js, Clerk, Lucia, your own): it alone decides who the user
 * is, from credentials it verifies. Never take a user id from the request itself.
 */
const USERS = [{ id: "6f1c2b9e-8a4d-4c1e-9b7a-2d3e4f5a6b7c", email: "ada@example.com", passwordSha256: createHash("sha256").update("correct horse battery staple").digest() }];

export async function verifyCredentials(email: string, password: string): Promise<{ id: string } | null> {
  const user = USERS.find((u) => u.email === email.trim().toLowerCase());
  const presented = createHash("sha256").update(password).digest();
  return user && timingSafeEqual(presented, user.passwordSha256) ? { id: user.id } : null;
}
