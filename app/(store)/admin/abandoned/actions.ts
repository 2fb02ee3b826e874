"use server";

import { redirect } from "next/navigation";
import { getCatalog, getSessionStore } from "@/db/client";
import { createRestoreLink, findAbandonedCarts } from "@/lib/admin/abandoned";
import { requireAdmin } from "@/lib/admin/require-admin";
import { addNotice } from "@/lib/cart/notices";
import type { ShopSession } from "@/lib/cart/shop-session";
import { withSession } from "@/lib/session";
import { systemClock } from "@/lib/session/clock";
import { getConfig } from "@/lib/session/config";
import { codecFor } from "@/lib/session/encryption";

/** Creates a restore link for one abandoned cart and shows it once. */
export async function createRestoreLinkAction(formData: FormData): Promise<void> {
  await requireAdmin();
  const key = String(formData.get("key") ?? "");
  const config = getConfig();
  const store = await getSessionStore(config);
  const now = systemClock.nowSeconds();
  const { carts } = await findAbandonedCarts({ store, codec: codecFor(config), catalog: await getCatalog(config), now, windowMinutes: config.abandonedCartMinutes, limit: 1_000 });
  const cart = carts.find((c) => c.key === key);
  const text = cart ? `Restore link for ${key} (single use, 7 days): ${await createRestoreLink(store, cart, config.siteUrl, now)}` : `No abandoned cart for ${key} any more.`;
  await withSession<void, ShopSession>((session) => addNotice(session, cart ? "info" : "error", text));
  redirect("/admin/abandoned");
}
