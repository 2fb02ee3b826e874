import Link from "next/link";
import { getSession } from "@/lib/sessions";

/** "Account" for a logged-in customer, "Log in" for a guest; from the cookie, no query. */
export async function AccountLink() {
  const session = await getSession();
  return session.isGuest() ? <Link href="/login">Log in</Link> : <Link href="/account">Account</Link>;
}
