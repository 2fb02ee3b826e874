import Link from "next/link";
import type { ReactNode } from "react";

/** The store header; the personal parts (cart count, account link) come from the layout. */
export function SiteHeader({ cart, account }: { cart: ReactNode; account: ReactNode }) {
  return (
    <header className="site-header">
      <Link href="/" className="brand">
        cartsession
      </Link>
      <nav aria-label="Main" className="site-nav">
        <Link href="/">Shop</Link>
        <Link href="/session">Session</Link>
        {account}
        {cart}
      </nav>
    </header>
  );
}
