import type { ReactNode } from "react";
import { AccountLink } from "@/app/_components/account-link";
import { MiniCart } from "@/app/_components/mini-cart";
import { SiteFooter } from "@/app/_components/site-footer";
import { SiteHeader } from "@/app/_components/site-header";

/** Personal pages: rendered per request with the visitor's cart count and account link. */
export default function StoreLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <SiteHeader cart={<MiniCart />} account={<AccountLink />} />
      <main id="main" className="site-main">
        {children}
      </main>
      <SiteFooter />
    </>
  );
}
