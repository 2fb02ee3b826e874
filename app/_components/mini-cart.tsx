import Link from "next/link";
import { getSession } from "@/lib/sessions";

/** The header's cart link with its count. */
export function MiniCartLink({ count }: { count: number }) {
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

/**
 * The visitor's count, read from the session cookie's state (`items`), never from the
 * database. Only on personal pages: shared (cacheable) pages show the empty-cart link,
 * which is the truth for everyone they are served to (see proxy.ts).
 */
export async function MiniCart() {
  return <MiniCartLink count={(await getSession()).getCartSummary().items} />;
}
