/** A demo customer account. A real store brings its own auth and calls onLogin/onLogout. */
export interface User {
  /** Numeric id as a string: the customer id handed to the engine at login. */
  id: string;
  email: string;
  name: string;
  role: "customer" | "admin";
  passwordHash: string;
  /** Unix seconds. */
  createdAt: number;
}

/** What may leave the server about a user (GDPR export, account page): never the hash. */
export type PublicUser = Omit<User, "passwordHash">;

export function publicUser(user: User): PublicUser {
  return { id: user.id, email: user.email, name: user.name, role: user.role, createdAt: user.createdAt };
}

export interface UserStore {
  findByEmail(email: string): Promise<User | null>;
  findById(id: string): Promise<User | null>;
  /** Deletes the account (GDPR erasure); true when it existed. */
  delete(id: string): Promise<boolean>;
  /** Replaces the stored password hash (re-hashed with stronger parameters at login). */
  updatePasswordHash(id: string, hash: string): Promise<void>;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
