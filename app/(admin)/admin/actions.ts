"use server";

import { redirect } from "next/navigation";
import { getSessionStore } from "@/db/client";
import { requireAdmin } from "@/lib/admin/require-admin";
import { addNotice } from "@/lib/cart/notices";
import type { ShopSession } from "@/lib/cart/shop-session";
import { withSession } from "@/lib/session";
import { deleteExpiredSessions } from "@/lib/session/cleanup";
import { systemClock } from "@/lib/session/clock";
import { getConfig } from "@/lib/session/config";

/** "Run cleanup now": the cron route's cleanup, recorded with source "admin". */
export async function runCleanupNow(): Promise<void> {
  await requireAdmin();
  const config = getConfig();
  const result = await deleteExpiredSessions(
    { store: await getSessionStore(config), clock: systemClock },
    { source: "admin", batchSize: config.cleanupBatchSize, timeBudgetMs: config.cleanupBudgetMs },
  );
  await withSession<void, ShopSession>((session) =>
    addNotice(session, "success", `Cleanup deleted ${result.deleted.toLocaleString("en")} expired session${result.deleted === 1 ? "" : "s"}; ${result.remaining.toLocaleString("en")} remain.`),
  );
  redirect("/admin/cleanup");
}
