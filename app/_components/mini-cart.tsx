import { getSession } from "@/lib/sessions";
import { MiniCartLink } from "./header-links";

export { MiniCartLink };

/**
 * The visitor's count, read from the session cookie's state (`items`), never from the
 * database. Only on personal pages: shared (cacheable) pages show the empty-cart link,
 * which is the truth for everyone they are served to (see proxy.ts).
 */
export async function MiniCart() {
  return <MiniCartLink count={(await getSession()).getCartSummary().items} />;
}
