import type { Metadata } from "next";
import localFont from "next/font/local";
import type { ReactNode } from "react";
import "./globals.css";

/**
 * Inter, shipped with the app: the variable woff2 of @fontsource-variable/inter (Latin),
 * copied into the build by next/font, so nothing is fetched at build or run time and the
 * CSP's `font-src 'self'` holds. The system font stays the fallback while it loads.
 */
const inter = localFont({
  src: "../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2",
  weight: "100 900",
  style: "normal",
  display: "swap",
  variable: "--font-sans",
});

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
    <html lang="en" className={inter.variable}>
      <body>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        {children}
      </body>
    </html>
  );
}
