import Link from "next/link";

/**
 * The footer on every store page. It holds nothing about the visitor, so cached pages
 * can carry it; the developer's session page lives here rather than in the main menu.
 */
export function SiteFooter() {
  return (
    <footer className="site-footer">
      <div className="site-footer-inner">
        <section aria-labelledby="footer-about">
          <h2 id="footer-about">cartsession demo store</h2>
          <p className="small">
            A WooCommerce-style cart and customer sessions for Next.js. Carts, notices and checkout fields live in a server-side session;
            everything works without JavaScript.
          </p>
        </section>
        <nav aria-labelledby="footer-browse">
          <h2 id="footer-browse">Browse</h2>
          <ul>
            <li>
              <Link href="/">All products</Link>
            </li>
            <li>
              <Link href="/cart">Cart</Link>
            </li>
            <li>
              <Link href="/checkout">Checkout</Link>
            </li>
          </ul>
        </nav>
        <nav aria-labelledby="footer-account">
          <h2 id="footer-account">Account</h2>
          <ul>
            <li>
              <Link href="/account">Your account</Link>
            </li>
            <li>
              <Link href="/session">Your session (developer view)</Link>
            </li>
          </ul>
        </nav>
      </div>
    </footer>
  );
}
