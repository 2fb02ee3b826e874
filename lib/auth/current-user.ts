import { cache } from "react";
import { users } from "../shop";
import { getSession, orUnavailable } from "../sessions";
import type { User } from "./users";

/**
 * The logged-in customer for this request, or null. The engine vouches for the login
 * (a revoked cookie reads as a guest); the account must still exist.
 */
export const getCurrentUser = cache(async (): Promise<User | null> => {
  const session = await getSession();
  if (session.isGuest()) return null;
  return orUnavailable(users.findById(session.getCustomerId()));
});
