import { getSession } from "@/lib/sessions";
import { AccountPageLink, LogInLink } from "./header-links";

export { LogInLink };

/** "Account" for a logged-in customer, "Log in" for a guest; from the cookie, no query. */
export async function AccountLink() {
  return (await getSession()).isGuest() ? <LogInLink /> : <AccountPageLink />;
}
