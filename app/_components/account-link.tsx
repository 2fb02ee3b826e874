import Link from "next/link";
import { getSession } from "@/lib/sessions";
import { UserIcon } from "./icons";

/** "Account" for a logged-in customer, "Log in" for a guest; from the cookie, no query. */
export async function AccountLink() {
  return (await getSession()).isGuest() ? <LogInLink /> : (
    <Link href="/account" className="account-link">
      <UserIcon />
      Account
    </Link>
  );
}

export function LogInLink() {
  return (
    <Link href="/login" className="account-link">
      <UserIcon />
      Log in
    </Link>
  );
}
