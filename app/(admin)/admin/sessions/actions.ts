"use server";

import { redirect } from "next/navigation";
import { getSessionStore } from "@/db/client";
import { requireAdmin } from "@/lib/admin/require-admin";
import { addNotice } from "@/lib/cart/notices";
import type { ShopSession } from "@/lib/cart/shop-session";
import { withSession } from "@/lib/session";
import { getConfig } from "@/lib/session/config";
import { isValidSessionKey } from "@/lib/session/keys";

async function notice(text: string): Promise<void> {
  await withSession<void, ShopSession>((session) => addNotice(session, "success", text));
}

/** Deletes one session (after the confirmation page). */
export async function deleteSessionAction(formData: FormData): Promise<void> {
  await requireAdmin();
  const key = String(formData.get("key") ?? "");
  if (!isValidSessionKey(key)) redirect("/admin/sessions");
  const deleted = await (await getSessionStore(getConfig())).delete(key);
  await notice(deleted ? `Deleted session ${key}.` : `Session ${key} was already gone.`);
  redirect("/admin/sessions");
}

/** Clears every guest session, or every session (customers' carts included), after confirmation. */
export async function clearSessionsAction(formData: FormData): Promise<void> {
  await requireAdmin();
  const guestsOnly = formData.get("scope") !== "all";
  const deleted = await (await getSessionStore(getConfig())).clearSessions({ guestsOnly });
  await notice(`Deleted ${deleted.toLocaleString("en")} ${guestsOnly ? "guest " : ""}session${deleted === 1 ? "" : "s"}.`);
  redirect("/admin/cleanup");
}
