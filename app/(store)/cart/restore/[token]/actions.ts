"use server";

import { redirect } from "next/navigation";
import { MAX_LINE_QUANTITY, mergeCartLines, type CartLine } from "cartsession";
import { unixNow } from "@/lib/now";
import { findLine } from "@/lib/cart/model";
import { addNotice } from "@/lib/cart/notices";
import { updateCart } from "@/lib/cart/session-cart";
import type { ShopSession } from "@/lib/cart/shop-session";
import { catalog } from "@/lib/shop";
import { RESTORE_FAILED_PATH, restoreLinks } from "@/lib/restore-links";
import { landOnUnavailable, withSession } from "@/lib/sessions";

type Outcome = "restored" | "already-restored" | "failed";

/**
 * "Restore these items to my cart": the only thing that uses a restore link. A cross-site
 * form cannot fill a victim's cart nor use up their link: proxy.ts answers such a post 403
 * before it gets here, Next.js checks the Origin of Server Actions too, and the session
 * cookie is SameSite=Lax, so the post would not carry the victim's session anyway.
 *
 * The link is marked used before the cart is saved (one statement, so two posts at once
 * restore once); if the save then fails, the link is made live again.
 */
export async function restoreCartAction(formData: FormData): Promise<void> {
  const token = formData.get("token");
  if (typeof token !== "string") redirect(RESTORE_FAILED_PATH);
  const links = await restoreLinks().catch(landOnUnavailable);
  // What this request used up, so a failed save can give it back.
  const used: { link?: { tokenHash: string; usedAt: number } } = {};
  let outcome: Outcome;
  try {
    outcome = await withSession<Outcome, ShopSession>(async (session) => {
      const consumed = await links.consume(token, session.getSessionKey(), unixNow());
      if (consumed.status === "already-restored") addNotice(session, "info", "You already restored this cart: its items went into your cart then.");
      if (consumed.status !== "restored") return consumed.status;
      used.link = consumed;
      // Products no longer sold are left out; the rest are added to what is there (999 at most a line).
      const products = await Promise.all(consumed.lines.map((line) => catalog.get(line.productId)));
      const available: CartLine[] = consumed.lines.filter((_, i) => products[i] !== null);
      let capped = false;
      updateCart(session, (lines) => {
        capped = available.some((line) => (findLine(lines, line.productId)?.quantity ?? 0) + line.quantity > MAX_LINE_QUANTITY);
        return mergeCartLines(lines, available);
      });
      addNotice(session, "success", "Welcome back: we restored your cart.");
      if (available.length < consumed.lines.length) addNotice(session, "info", "Some products from the link are no longer sold, so they were left out.");
      if (capped) addNotice(session, "info", `A cart line holds at most ${MAX_LINE_QUANTITY} of a product, so some quantities were capped.`);
      return "restored";
    });
  } catch (error) {
    // Nothing was saved (an outage lands on /unavailable): the link stays usable.
    if (used.link) await links.release(used.link).catch(() => {});
    throw error;
  }
  redirect(outcome === "failed" ? RESTORE_FAILED_PATH : "/cart");
}
