"use server";

import { redirect } from "next/navigation";
import { isSessionKey } from "@/lib/admin/session-key";
import { adminStore } from "@/lib/admin/admin-store";
import { invalidateOverview } from "@/lib/admin/overview";
import { requireAdmin } from "@/lib/admin/require-admin";
import { addNotice } from "@/lib/cart/notices";
import type { ShopSession } from "@/lib/cart/shop-session";
import { withSession } from "@/lib/sessions";

async function notice(text: string): Promise<void> {
  await withSession<void, ShopSession>((session) => addNotice(session, "success", text));
}

/** Deletes one session (after the confirmation page). */
export async function deleteSessionAction(formData: FormData): Promise<void> {
  await requireAdmin();
  const key = String(formData.get("key") ?? "");
  if (!isSessionKey(key)) redirect("/admin/sessions");
  const deleted = await (await adminStore()).delete(key);
  invalidateOverview();
  await notice(deleted ? `Deleted session ${key}.` : `Session ${key} was already gone.`);
  redirect("/admin/sessions");
}

/** Clears every guest session, or every session (customers' carts included), after confirmation. */
export async function clearSessionsAction(formData: FormData): Promise<void> {
  await requireAdmin();
  const guestsOnly = formData.get("scope") !== "all";
  const deleted = await (await adminStore()).clearSessions({ guestsOnly });
  invalidateOverview();
  await notice(`Deleted ${deleted.toLocaleString("en")} ${guestsOnly ? "guest " : ""}session${deleted === 1 ? "" : "s"}.`);
  redirect("/admin/cleanup");
}
