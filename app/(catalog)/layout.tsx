import type { ReactNode } from "react";
import { LogInLink } from "@/app/_components/account-link";
import { MiniCartLink } from "@/app/_components/mini-cart";
import { SiteFooter } from "@/app/_components/site-footer";
import { SiteHeader } from "@/app/_components/site-header";

/**
 * Catalog pages as shared by caches: proxy.ts sends only visitors with an empty cart who
 * are not logged in here (everyone else gets the /live variant), so an empty cart and a
 * "Log in" link are true for every visitor this HTML reaches.
 */
export default function CatalogLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <SiteHeader cart={<MiniCartLink count={0} />} account={<LogInLink />} />
      <main id="main" className="site-main">
        {children}
      </main>
      <SiteFooter />
    </>
  );
}
