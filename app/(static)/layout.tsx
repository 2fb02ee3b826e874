import Link from "next/link";
import type { ReactNode } from "react";
import { UserIcon } from "@/app/_components/icons";
import { MiniCartLink } from "@/app/_components/mini-cart";
import { SiteFooter } from "@/app/_components/site-footer";
import { SiteHeader } from "@/app/_components/site-header";

/**
 * Pages rendered once at build time and the same for everyone, so they read no session:
 * the header links to the cart and the account without a count or a name, as the 404 page
 * does (app/not-found.tsx). Being static is what lets such a page answer 404 with its
 * message in the HTML (see cart/restore-failed).
 */
export default function StaticLayout({ children }: { children: ReactNode }) {
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
        {children}
      </main>
      <SiteFooter />
    </>
  );
}
