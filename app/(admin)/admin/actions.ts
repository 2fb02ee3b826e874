"use server";

import { redirect } from "next/navigation";
import { invalidateOverview } from "@/lib/admin/overview";
import { requireAdmin } from "@/lib/admin/require-admin";
import { addNotice } from "@/lib/cart/notices";
import type { ShopSession } from "@/lib/cart/shop-session";
import { sessions, withSession } from "@/lib/sessions";

/** "Run cleanup now": the cron route's cleanup, recorded with source "admin". */
export async function runCleanupNow(): Promise<void> {
  await requireAdmin();
  const result = await sessions.cleanup("admin");
  invalidateOverview();
  await withSession<void, ShopSession>((session) =>
    addNotice(session, "success", `Cleanup deleted ${result.deleted.toLocaleString("en")} expired session${result.deleted === 1 ? "" : "s"}; ${Math.max(0, result.remaining).toLocaleString("en")} remain.`),
  );
  redirect("/admin/cleanup");
}

/** "Refresh now" on the overview: the figures are computed afresh instead of within 30 s. */
export async function refreshOverview(): Promise<void> {
  await requireAdmin();
  invalidateOverview();
  redirect("/admin");
}
