"use server";

import { addLine } from "cartsession";
import { sessions } from "../lib/sessions";

export async function addToCart(formData: FormData) {
  await sessions.withSession((session) => session.update("cart", (lines) => addLine(lines, String(formData.get("productId")), 1)));
}

export async function logIn(formData: FormData) {
  // Your auth (Auth.js, Clerk, Lucia, …) checked who this is; hand the engine its user id.
  await sessions.onLogin(String(formData.get("userId")));
}

export async function logOut() {
  await sessions.onLogout();
}
