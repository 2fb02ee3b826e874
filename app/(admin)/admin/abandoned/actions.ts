"use server";

import { redirect } from "next/navigation";
import { restoreLinkForSession } from "@/lib/admin/abandoned";
import { abandonedReturnPath, type AdminSession } from "@/lib/admin/admin-session";
import { demoDatabase } from "@/db";
import { adminContext } from "@/lib/admin/admin-store";
import { requireAdmin } from "@/lib/admin/require-admin";
import { addNotice } from "@/lib/cart/notices";
import { withSession } from "@/lib/sessions";
import { isSessionKey as isValidSessionKey } from "cartsession";

/**
 * Creates a restore link for one abandoned cart, wherever it is in the list, and returns to
 * the same page of the list, where the link is shown once in that row, focused.
 */
export async function createRestoreLinkAction(formData: FormData): Promise<void> {
  await requireAdmin();
  const key = String(formData.get("key") ?? "");
  const back = abandonedReturnPath(formData.get("back"));
  const url = isValidSessionKey(key) ? await restoreLinkForSession({ ...(await adminContext()), tokens: (await demoDatabase()).restoreTokens }, key) : null;
  await withSession<void, AdminSession>((session) => {
    if (url) session.set("adminRestoreLink", { key, url });
    else addNotice(session, "error", `No abandoned cart for ${key} any more: the shopper may have checked out or emptied it.`);
  });
  // No #fragment: the router would take a same-page hash change for a scroll and not fetch
  // the page again. The field takes focus, which brings its row into view.
  redirect(back);
}
