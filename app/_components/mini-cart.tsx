import Link from "next/link";
import { getSession } from "@/lib/session";

/**
 * The header's cart count. Read from the session cookie's state (`items`), never from the
 * database, so it stays cheap on every page.
 */
export async function MiniCart() {
  const count = (await getSession()).cookie.items;
  const label = count === 1 ? "1 item" : `${count} items`;
  return (
    <Link href="/cart" className="mini-cart" aria-label={`Cart, ${label}`}>
      <span aria-hidden="true">Cart</span>
      <span className="mini-cart-count" data-testid="mini-cart-count" aria-hidden="true">
        {count}
      </span>
    </Link>
  );
}
