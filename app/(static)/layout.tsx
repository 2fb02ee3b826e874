import type { ReactNode } from "react";
import { VisitorAccountLink, VisitorCartLink } from "@/app/_components/visitor-links";
import { SiteFooter } from "@/app/_components/site-footer";
import { SiteHeader } from "@/app/_components/site-header";

/**
 * Pages rendered once at build time and the same for everyone, so they read no session on
 * the server: the header's cart count and account link are filled in by the browser
 * (visitor-links.tsx), as on the 404 page (app/not-found.tsx). Being static is what lets
 * such a page answer 404 with its message in the HTML (see cart/restore-failed).
 */
export default function StaticLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <SiteHeader cart={<VisitorCartLink />} account={<VisitorAccountLink />} />
      <main id="main" className="site-main">
        {children}
      </main>
      <SiteFooter />
    </>
  );
}
