import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { MiniCart } from "./_components/mini-cart";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "cartsession demo store", template: "%s · cartsession demo" },
  description: "A WooCommerce-style cart and customer session engine for Next.js",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <header className="site-header">
          <Link href="/" className="brand">
            cartsession
          </Link>
          <nav aria-label="Main" className="site-nav">
            <Link href="/">Shop</Link>
            <Link href="/session">Session</Link>
            <MiniCart />
          </nav>
        </header>
        <main id="main" className="site-main">
          {children}
        </main>
      </body>
    </html>
  );
}
