import type { ShopSession } from "../cart/shop-session";

/**
 * What the admin keeps in their own session between an action and the page it returns to:
 * the restore link just created, shown once in its row (it is single-use, so it is never
 * put in a URL).
 */
export type AdminSession = ShopSession & { adminRestoreLink: { key: string; url: string } };

/** Where "Create link" may return to: the abandoned-cart list with its own filters only. */
export function abandonedReturnPath(value: unknown): string {
  return typeof value === "string" && /^\/admin\/abandoned(\?[A-Za-z0-9=&_-]{0,200})?$/.test(value) ? value : "/admin/abandoned";
}
