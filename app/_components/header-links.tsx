import Link from "next/link";
import { BagIcon, UserIcon } from "./icons";

/*
 * The header's account and cart links as plain markup, for server pages (mini-cart.tsx,
 * account-link.tsx) and for the static pages' client-side version (visitor-links.tsx).
 */

/**
 * The header's cart link with its count (none where the count is unknown). Its accessible name ("Cart, 2 items") starts with
 * the words it shows ("Cart 2"), so speech users can say what they see (WCAG 2.5.3).
 */
export function MiniCartLink({ count }: { count: number | null }) {
  return (
    <Link href="/cart" className="mini-cart" aria-label={count === null ? undefined : `Cart, ${count === 1 ? "1 item" : `${count} items`}`}>
      <BagIcon />
      Cart{" "}
      {count === null ? null : (
        <span className="mini-cart-count" data-testid="mini-cart-count">
          {count}
        </span>
      )}
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

export function AccountPageLink() {
  return (
    <Link href="/account" className="account-link">
      <UserIcon />
      Account
    </Link>
  );
}
