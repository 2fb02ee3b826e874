"use server";

import { redirect } from "next/navigation";
import { systemClock } from "cartsession";
import { demoDatabase } from "@/db";
import { createRestoreLink, findAbandonedCarts } from "@/lib/admin/abandoned";
import { adminStore } from "@/lib/admin/admin-store";
import { requireAdmin } from "@/lib/admin/require-admin";
import { addNotice } from "@/lib/cart/notices";
import type { ShopSession } from "@/lib/cart/shop-session";
import { sessions, withSession } from "@/lib/sessions";
import { shopConfig } from "@/lib/shop-config";

/** Creates a restore link for one abandoned cart and shows it once. */
export async function createRestoreLinkAction(formData: FormData): Promise<void> {
  await requireAdmin();
  const key = String(formData.get("key") ?? "");
  const { settings } = sessions.engine();
  const [store, db] = await Promise.all([adminStore(), demoDatabase()]);
  const now = systemClock.nowSeconds();
  const { carts } = await findAbandonedCarts({ store, search: key, codec: settings.codec, cartKey: settings.cartKey, catalog: db.catalog, now, windowMinutes: shopConfig().abandonedCartMinutes, limit: 1 });
  const cart = carts.find((c) => c.key === key);
  const text = cart ? `Restore link for ${key} (single use, 7 days): ${await createRestoreLink(db.restoreTokens, cart, settings.siteUrl, now)}` : `No abandoned cart for ${key} any more.`;
  await withSession<void, ShopSession>((session) => addNotice(session, cart ? "info" : "error", text));
  redirect("/admin/abandoned");
}
