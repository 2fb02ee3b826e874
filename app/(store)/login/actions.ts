"use server";

import { isSessionError } from "cartsession";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { logIn, logOut } from "@/lib/auth/session-auth";
import { addNotice } from "@/lib/cart/notices";
import type { ShopSession } from "@/lib/cart/shop-session";
import { landOnUnavailable, sessions, withSession } from "@/lib/sessions";

/** Only our own pages as a destination after login, never another site. */
function nextPath(formData: FormData): string {
  const value = String(formData.get("next") ?? "");
  return /^\/(?!\/)[A-Za-z0-9/_-]{0,100}$/.test(value) ? value : "/account";
}

export async function loginAction(formData: FormData): Promise<void> {
  const email = String(formData.get("email") ?? "").slice(0, 254);
  const password = String(formData.get("password") ?? "").slice(0, 200);
  let result: Awaited<ReturnType<typeof logIn>> = null;
  try {
    result = email && password ? await logIn(email, password, sessions.clientAddress(await headers())) : null;
  } catch (error) {
    // By code, not class: the limit's error may come from another bundle layer's engine.
    // An outage (the rate limit's own store call included) lands on the 503 page.
    if (!(isSessionError(error) && error.code === "rate_limited")) landOnUnavailable(error);
    await withSession<void, ShopSession>((session) => addNotice(session, "error", error.message));
    redirect(`/login?next=${encodeURIComponent(nextPath(formData))}`);
  }
  if (!result) {
    await withSession<void, ShopSession>((session) => addNotice(session, "error", "The email or password is not right."));
    redirect(`/login?next=${encodeURIComponent(nextPath(formData))}`);
  }
  await withSession<void, ShopSession>((session) => addNotice(session, "success", `Welcome back, ${result.user.name}.`));
  redirect(nextPath(formData));
}

/**
 * Lands on the login page (as WooCommerce's logout lands on My Account), a personal page
 * that shows the notice. `/` would not: for a guest with an empty cart it is the shared,
 * cached product list, which shows no notices.
 */
export async function logoutAction(): Promise<void> {
  await logOut();
  await withSession<void, ShopSession>((session) => addNotice(session, "info", "You are logged out. Your cart is saved for your next login."));
  redirect("/login");
}

/** Ends every login of this customer (every device, every copied cookie or Cart-Token). */
export async function logoutEverywhereAction(): Promise<void> {
  await logOut({ everywhere: true });
  await withSession<void, ShopSession>((session) => addNotice(session, "info", "You are logged out on every device. Your cart is saved for your next login."));
  redirect("/login");
}
