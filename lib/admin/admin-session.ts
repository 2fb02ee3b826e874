import type { ShopSession } from "../cart/shop-session";

/** A restore link as the abandoned-cart page shows it in its row. */
export interface ShownRestoreLink {
  key: string;
  url: string;
  /** False when "Create link" found the cart's live link and showed it again. */
  created: boolean;
  createdAt: number;
  expiresAt: number;
}

/**
 * What the admin keeps in their own session between an action and the page it returns to:
 * the restore link "Create link" made or found, shown in its row (it restores a cart, so it
 * is never put in a URL).
 */
export type AdminSession = ShopSession & { adminRestoreLink: ShownRestoreLink };

/** Where "Create link" may return to: the abandoned-cart list with its own filters only. */
export function abandonedReturnPath(value: unknown): string {
  return typeof value === "string" && /^\/admin\/abandoned(\?[A-Za-z0-9=&_-]{0,200})?$/.test(value) ? value : "/admin/abandoned";
}
