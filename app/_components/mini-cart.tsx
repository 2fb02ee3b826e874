import Link from "next/link";
import { getSession } from "@/lib/sessions";
import { BagIcon } from "./icons";

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

/**
 * The visitor's count, read from the session cookie's state (`items`), never from the
 * database. Only on personal pages: shared (cacheable) pages show the empty-cart link,
 * which is the truth for everyone they are served to (see proxy.ts).
 */
export async function MiniCart() {
  return <MiniCartLink count={(await getSession()).getCartSummary().items} />;
}
