import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { unixNow } from "@/lib/now";
import { CartLineSummary } from "@/app/_components/cart-line-summary";
import { MAX_LINE_QUANTITY } from "@/lib/cart/model";
import { formatMoney } from "@/lib/cart/money";
import { catalog } from "@/lib/shop";
import { buildCartView } from "@/lib/cart/view";
import { RESTORE_FAILED_PATH, restoreLinks } from "@/lib/restore-links";
import { landOnUnavailable } from "@/lib/sessions";
import { restoreCartAction } from "./actions";
import { SubmitButton } from "@/app/_components/submit-button";

export const dynamic = "force-dynamic";
// A link is personal: never indexed, never cached (the proxy makes the page private, no-store).
export const metadata: Metadata = { title: "Restore your cart", robots: { index: false, follow: false } };

type Props = { params: Promise<{ token: string }> };

const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/**
 * `GET /cart/restore/<token>`: what the link would put into this browser's cart, and a
 * button that does it. Opening it changes nothing and uses nothing up (mail scanners and
 * link previews open links too, and a cross-site page can make a browser open one); only
 * the button's POST (a Server Action, whose Origin Next.js checks) restores.
 */
export default async function RestoreLinkPage({ params }: Props) {
  const { token } = await params;
  const link = await (await restoreLinks().catch(landOnUnavailable)).open(token, unixNow()).catch(landOnUnavailable);
  // A used, expired or unknown link: the friendly page, with a 404 (it explains why there).
  if (link.status !== "live") redirect(RESTORE_FAILED_PATH);
  // Priced from today's catalog; a product no longer sold is left out (and not restored).
  const cart = await buildCartView(link.lines, catalog);
  if (cart.items.length === 0) redirect(RESTORE_FAILED_PATH);
  const money = (cents: number) => formatMoney(cents, cart.currency);
  const until = new Date(link.expiresAt * 1000);
  return (
    <>
      <h1>Restore your cart</h1>
      <p className="muted">This link holds the items below. Restoring adds them to the cart in this browser, next to anything already there.</p>
      <div className="with-summary">
        <section className="card" aria-labelledby="restore-items-heading">
          <h2 id="restore-items-heading" className="visually-hidden">
            Items in this link
          </h2>
          <ul className="cart-lines" data-testid="restore-items">
            {cart.items.map((item) => (
              <li key={item.productId} className="cart-line" data-testid={`restore-line-${item.productId}`}>
                <CartLineSummary item={item} currency={cart.currency} />
                <p className="restore-quantity" data-testid="restore-quantity">
                  Quantity: {item.quantity}
                </p>
              </li>
            ))}
          </ul>
        </section>
        <section className="card summary" aria-labelledby="restore-summary-heading">
          <h2 id="restore-summary-heading">
            Summary <span className="muted small">{cart.itemCount === 1 ? "1 item" : `${cart.itemCount} items`}</span>
          </h2>
          <dl className="totals">
            <dt>Subtotal</dt>
            <dd data-testid="restore-subtotal">{money(cart.subtotal)}</dd>
          </dl>
          <form action={restoreCartAction} className="actions">
            <input type="hidden" name="token" value={token} />
            <SubmitButton className="button">
              Restore these items to my cart
            </SubmitButton>
          </form>
          <p className="muted small restore-note">
            The link works once, until <time dateTime={until.toISOString()}>{dateFormat.format(until)}</time>. A product already in your cart gets these
            units added, up to {MAX_LINE_QUANTITY}.
          </p>
          <p>
            <Link href="/">No thanks, continue shopping</Link>
          </p>
        </section>
      </div>
    </>
  );
}
