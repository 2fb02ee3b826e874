import { randomUUID } from "node:crypto";
import Link from "next/link";
import type { Notice } from "@/lib/cart/notices";
import type { ShopSession } from "@/lib/cart/shop-session";
import { getSession } from "@/lib/sessions";
import { FocusOnArrival } from "./focus-on-arrival";

/**
 * Shows the notices queued by the last action once, then clears them (WooCommerce's flash).
 * Each is a status (or, for errors, an alert) message; keyboard focus moves to the first,
 * so whoever pressed the button hears and sees what happened. `cartLinks` adds "View cart"
 * and "Check out" after a success, for the pages an "Add to cart" returns to.
 */
export async function Notices({ cartLinks = false }: { cartLinks?: boolean }) {
  const notices: Notice[] = (await (await getSession<ShopSession>()).take("notices")) ?? [];
  if (notices.length === 0) return null;
  return (
    <div className="notices">
      {notices.map((notice, i) => {
        const role = notice.type === "error" ? "alert" : "status";
        return (
          <div key={i} className={`notice notice-${notice.type}`}>
            {i === 0 ? (
              // A fresh key per render, so a second action on the same page moves focus again.
              <FocusOnArrival key={randomUUID()} as="p" role={role} className="notice-text">
                {notice.text}
              </FocusOnArrival>
            ) : (
              <p role={role} className="notice-text">
                {notice.text}
              </p>
            )}
            {cartLinks && notice.type !== "error" ? (
              <p className="notice-actions">
                <Link href="/cart" className="button button-small button-secondary">
                  View cart
                </Link>
                <Link href="/checkout" className="button button-small">
                  Check out
                </Link>
              </p>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}
