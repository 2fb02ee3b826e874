import { cache } from "react";
import { users } from "../shop";
import { orUnavailable, sessions } from "../sessions";
import type { User } from "./users";

/**
 * The logged-in customer for this request, or null; an outage throws (`store_unavailable`),
 * for route handlers, which answer it with 503 in the API's error shape. The engine vouches
 * for the login (a revoked cookie reads as a guest); the account must still exist.
 */
export const findCurrentUser = cache(async (): Promise<User | null> => {
  const session = await sessions.getSession();
  if (session.isGuest()) return null;
  return users.findById(session.getCustomerId());
});

/** `findCurrentUser` for pages and Server Actions: an outage lands on the 503 page. */
export const getCurrentUser = cache(async (): Promise<User | null> => orUnavailable(findCurrentUser()));
