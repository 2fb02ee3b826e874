"use server";

import { redirect } from "next/navigation";
import { invalidateOverview } from "@/lib/admin/overview";
import { requireAdmin } from "@/lib/admin/require-admin";
import { addNotice } from "@/lib/cart/notices";
import type { ShopSession } from "@/lib/cart/shop-session";
import { restoreLinks } from "@/lib/restore-links";
import { sessions, withSession } from "@/lib/sessions";
import { unixNow } from "@/lib/now";

/** "Run cleanup now": the cron route's cleanup (recorded with source "admin"), used and expired restore links included. */
export async function runCleanupNow(): Promise<void> {
  await requireAdmin();
  const result = await sessions.cleanup("admin");
  const links = await (await restoreLinks()).cleanup(unixNow());
  invalidateOverview();
  const count = (n: number, one: string) => `${n.toLocaleString("en")} ${one}${n === 1 ? "" : "s"}`;
  await withSession<void, ShopSession>((session) =>
    addNotice(
      session,
      "success",
      `Cleanup deleted ${count(result.deleted, "expired session")}; ${Math.max(0, result.remaining).toLocaleString("en")} remain. It also deleted ${count(links, "used or expired restore link")}.`,
    ),
  );
  redirect("/admin/cleanup");
}

/** "Refresh now" on the overview: the figures are computed afresh instead of within 30 s. */
export async function refreshOverview(): Promise<void> {
  await requireAdmin();
  invalidateOverview();
  redirect("/admin");
}
