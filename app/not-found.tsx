import type { Metadata } from "next";
import Link from "next/link";
import { MiniCartLink } from "@/app/_components/mini-cart";
import { SiteFooter } from "@/app/_components/site-footer";
import { SiteHeader } from "@/app/_components/site-header";
import { UserIcon } from "@/app/_components/icons";

export const metadata: Metadata = { title: "Page not found" };

/**
 * The 404 for any address nothing answers. It is rendered once at build time and shared by
 * everyone, so it reads no session: the header links to the cart and the account without a
 * count or a name (a count here would make every page of the store dynamic).
 */
export default function NotFound() {
  return (
    <>
      <SiteHeader
        cart={<MiniCartLink count={null} />}
        account={
          <Link href="/account" className="account-link">
            <UserIcon />
            Account
          </Link>
        }
      />
      <main id="main" className="site-main">
        <section className="not-found" aria-labelledby="not-found-heading">
          <p className="code">Error 404</p>
          <h1 id="not-found-heading">Page not found</h1>
          <p>There is nothing at this address. It may have moved, or the link may be mistyped.</p>
          <p className="actions">
            <Link href="/" className="button">
              Back to the shop
            </Link>
            <Link href="/cart" className="button button-secondary">
              Your cart
            </Link>
          </p>
        </section>
      </main>
      <SiteFooter />
    </>
  );
}
