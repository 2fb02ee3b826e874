import { cache } from "react";
import { getUserStore } from "../../db/client";
import { getConfig } from "../session/config";
import { getSession } from "../session";
import type { User } from "./users";

/**
 * The logged-in customer for this request, or null. A session keyed by a user id is the
 * login (see lib/session/login.ts); the account must still exist.
 */
export const getCurrentUser = cache(async (): Promise<User | null> => {
  const session = await getSession();
  if (session.isGuest()) return null;
  const users = await getUserStore(getConfig());
  return users.findById(session.getCustomerId());
});
