"use server";

import { addLine } from "cartsession";
import { verifyCredentials } from "../lib/auth";
import { sessions } from "../lib/sessions";

export async function addToCart(formData: FormData) {
  await sessions.withSession((session) => session.update("cart", (lines) => addLine(lines, String(formData.get("productId")), 1)));
}

export async function logIn(formData: FormData) {
  // Your auth (Auth.js, Clerk, Lucia, …) decides who this is; hand the engine the user id it verified.
  const user = await verifyCredentials(String(formData.get("email")), String(formData.get("password")));
  if (user) await sessions.onLogin(user.id);
}

export async function logOut() {
  await sessions.onLogout();
}
