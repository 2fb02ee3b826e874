import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "cartsession demo store", template: "%s · cartsession demo" },
  description: "A WooCommerce-style cart and customer session engine for Next.js",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="site-header">
          <Link href="/" className="brand">
            cartsession
          </Link>
        </header>
        <main className="site-main">{children}</main>
      </body>
    </html>
  );
}
