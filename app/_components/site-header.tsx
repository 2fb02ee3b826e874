import Link from "next/link";
import type { ReactNode } from "react";
import { BrandMark } from "./icons";

/**
 * The store header: brand, "Shop", the account link and the cart. The personal parts
 * (cart count, account link) come from the layout, so shared (cached) pages can pass
 * their anonymous versions. Nothing wraps or overflows at 320 px.
 */
export function SiteHeader({ cart, account }: { cart: ReactNode; account: ReactNode }) {
  return (
    <>
      {/* Inside the banner landmark, so no content sits outside a landmark (axe "region"). */}
      <header className="site-header">
        <p className="announcement">Demo store: browse, fill a cart and check out. No payment is taken and nothing ships.</p>
        <div className="site-header-inner">
          <Link href="/" className="brand">
            <BrandMark />
            <span className="brand-name">cartsession</span>
          </Link>
          <nav aria-label="Main" className="site-nav">
            <Link href="/">Shop</Link>
            {account}
            {cart}
          </nav>
        </div>
      </header>
    </>
  );
}
