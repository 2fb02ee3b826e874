import { notFound } from "next/navigation";
import { getCurrentUser } from "../auth/current-user";
import type { User } from "../auth/users";

/**
 * The admin area exists only for a logged-in admin: anyone else gets the ordinary 404, with
 * no hint that there is something here. Pages and every server action call it.
 */
export async function requireAdmin(): Promise<User> {
  const user = await getCurrentUser();
  if (!user || user.role !== "admin") notFound();
  return user;
}
