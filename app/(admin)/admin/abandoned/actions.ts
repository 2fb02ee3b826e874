"use server";

import { redirect } from "next/navigation";
import { isSessionKey as isValidSessionKey } from "@/lib/admin/session-key";
import { restoreLinkForSession } from "@/lib/admin/abandoned";
import { abandonedReturnPath, type AdminSession } from "@/lib/admin/admin-session";
import { adminContext } from "@/lib/admin/admin-store";
import { requireAdmin } from "@/lib/admin/require-admin";
import { addNotice } from "@/lib/cart/notices";
import { restoreLinks } from "@/lib/restore-links";
import { withSession } from "@/lib/sessions";

/**
 * Shows one abandoned cart's restore link, wherever it is in the list: its live link if it
 * has one (a cart has one link at a time), else a new one. Returns to the same page of the
 * list, where the link is shown in that row, focused.
 */
export async function createRestoreLinkAction(formData: FormData): Promise<void> {
  await requireAdmin();
  const key = String(formData.get("key") ?? "");
  const back = abandonedReturnPath(formData.get("back"));
  const link = isValidSessionKey(key) ? await restoreLinkForSession({ ...(await adminContext()), links: await restoreLinks() }, key) : null;
  await withSession<void, AdminSession>((session) => {
    if (link) session.set("adminRestoreLink", { key, url: link.url, created: link.created, createdAt: link.createdAt, expiresAt: link.expiresAt });
    else addNotice(session, "error", `No abandoned cart for ${key} any more: the shopper may have checked out or emptied it.`);
  });
  // No #fragment: the router would take a same-page hash change for a scroll and not fetch
  // the page again. The field takes focus, which brings its row into view.
  redirect(back);
}
