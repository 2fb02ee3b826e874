import { NextResponse } from "next/server";
import { cartLines, mergeCartLines, systemClock } from "cartsession";
import { demoDatabase } from "@/db";
import { hashRestoreToken } from "@/lib/admin/abandoned";
import { addNotice } from "@/lib/cart/notices";
import type { ShopSession } from "@/lib/cart/shop-session";
import { openWritableSession } from "@/lib/sessions";

export const dynamic = "force-dynamic";

/**
 * A restore link: the first open puts the saved items into this browser's cart (merged
 * with what is there) and lands on /cart; a used, expired or unknown link changes nothing.
 */
export async function GET(request: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await params;
  const failed = new URL("/cart/restore-failed", request.url);
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return NextResponse.redirect(failed, 303);
  const cart = await (await demoDatabase()).restoreTokens.consume(hashRestoreToken(token), systemClock.nowSeconds());
  if (cart === null) return NextResponse.redirect(failed, 303);
  const lines = cartLines(JSON.parse(cart) as unknown);
  const { session, commit } = await openWritableSession<ShopSession>();
  session.update("cart", (current) => mergeCartLines(current, lines));
  addNotice(session, "success", "Welcome back: we restored your cart.");
  await commit();
  return NextResponse.redirect(new URL("/cart", request.url), 303);
}
