import type { Metadata } from "next";
import Link from "next/link";
import { VisitorAccountLink, VisitorCartLink } from "@/app/_components/visitor-links";
import { SiteFooter } from "@/app/_components/site-footer";
import { SiteHeader } from "@/app/_components/site-header";

export const metadata: Metadata = { title: "Page not found" };

/**
 * The 404 for any address nothing answers. It is rendered once at build time and shared by
 * everyone, so it reads no session on the server (that would make every page of the store
 * dynamic): the browser fills in the cart count and the account link (visitor-links.tsx).
 */
export default function NotFound() {
  return (
    <>
      <SiteHeader cart={<VisitorCartLink />} account={<VisitorAccountLink />} />
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
