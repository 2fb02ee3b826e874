"use server";

import { redirect } from "next/navigation";
import { getSessionStore } from "@/db/client";
import { restoreLinkForSession } from "@/lib/admin/abandoned";
import { abandonedReturnPath, type AdminSession } from "@/lib/admin/admin-session";
import { requireAdmin } from "@/lib/admin/require-admin";
import { addNotice } from "@/lib/cart/notices";
import { withSession } from "@/lib/session";
import { systemClock } from "@/lib/session/clock";
import { getConfig } from "@/lib/session/config";
import { codecFor } from "@/lib/session/encryption";
import { isValidSessionKey } from "@/lib/session/keys";

/**
 * Creates a restore link for one abandoned cart, wherever it is in the list, and returns to
 * the same page of the list, where the link is shown once in that row, focused.
 */
export async function createRestoreLinkAction(formData: FormData): Promise<void> {
  await requireAdmin();
  const key = String(formData.get("key") ?? "");
  const back = abandonedReturnPath(formData.get("back"));
  const config = getConfig();
  const url = isValidSessionKey(key)
    ? await restoreLinkForSession({ store: await getSessionStore(config), codec: codecFor(config), siteUrl: config.siteUrl, now: systemClock.nowSeconds() }, key)
    : null;
  await withSession<void, AdminSession>((session) => {
    if (url) session.set("adminRestoreLink", { key, url });
    else addNotice(session, "error", `No abandoned cart for ${key} any more: the shopper may have checked out or emptied it.`);
  });
  // No #fragment: the router would take a same-page hash change for a scroll and not fetch
  // the page again. The field takes focus, which brings its row into view.
  redirect(back);
}
