import { hashPassword, verifyPassword } from "./password";
import { normalizeEmail, type User, type UserStore } from "./users";

// Verified against when the email is unknown, so both paths cost one scrypt (no user enumeration by timing).
let dummyHash: Promise<string> | undefined;

/** The user whose email and password match, or null. Takes the same time either way. */
export async function authenticate(users: UserStore, email: string, password: string): Promise<User | null> {
  const user = await users.findByEmail(normalizeEmail(email));
  if (!user) {
    dummyHash ??= hashPassword("not-a-real-password");
    await verifyPassword(password, await dummyHash);
    return null;
  }
  return (await verifyPassword(password, user.passwordHash)) ? user : null;
}
