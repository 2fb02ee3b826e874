"use client";

import { useEffect, useState } from "react";
import { AccountPageLink, LogInLink, MiniCartLink } from "./header-links";

/**
 * The header's cart count and account link on static pages (the 404, a used restore link):
 * rendered once at build time for everyone, they cannot read the session on the server.
 * In the browser they ask for it: the cart's count from `/api/cart` (only when the
 * `items_in_cart` cookie says there is one) and guest or customer from `/api/session`.
 * Without JavaScript they stay "Cart" and "Account", links that are right for everyone.
 */
interface Visitor {
  count: number | null;
  guest: boolean | null;
}

let pending: Promise<Visitor> | null = null;

async function json(url: string): Promise<Record<string, unknown> | null> {
  const response = await fetch(url, { cache: "no-store", credentials: "same-origin" });
  return response.ok ? ((await response.json()) as Record<string, unknown>) : null;
}

function loadVisitor(): Promise<Visitor> {
  pending ??= Promise.all([
    /(?:^|;\s*)items_in_cart=1(?:;|$)/.test(document.cookie) ? json("/api/cart").then((cart) => (typeof cart?.itemCount === "number" ? cart.itemCount : null)) : Promise.resolve(0),
    json("/api/session").then((session) => (typeof session?.isGuest === "boolean" ? session.isGuest : null)),
  ])
    .then(([count, guest]) => ({ count, guest }))
    .catch(() => ({ count: null, guest: null }))
    .finally(() => {
      // The next page visited (client-side) asks again.
      setTimeout(() => (pending = null), 1_000);
    });
  return pending;
}

function useVisitor(): Visitor {
  const [visitor, setVisitor] = useState<Visitor>({ count: null, guest: null });
  useEffect(() => {
    let live = true;
    loadVisitor().then((v) => live && setVisitor(v));
    return () => {
      live = false;
    };
  }, []);
  return visitor;
}

export function VisitorCartLink() {
  return <MiniCartLink count={useVisitor().count} />;
}

export function VisitorAccountLink() {
  return useVisitor().guest === true ? <LogInLink /> : <AccountPageLink />;
}
