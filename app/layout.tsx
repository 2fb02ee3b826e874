import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "cartsession demo store", template: "%s · cartsession demo" },
  description: "A WooCommerce-style cart and customer session engine for Next.js",
};

/**
 * The document shell. The header lives in the two route groups: (catalog) pages are shared
 * from caches and show no visitor state; (store) pages are personal.
 */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        {children}
      </body>
    </html>
  );
}
