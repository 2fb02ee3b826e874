import type { Metadata } from "next";
import Link from "next/link";
import { abandonedFilter, abandonedHref, describeProducts, IDLE_CHOICES, idleMinutes, listAbandonedCarts, parseAbandonedQuery, type IdleChoice } from "@/lib/admin/abandoned";
import type { AdminSession } from "@/lib/admin/admin-session";
import { formatCount, formatRelative, formatUtc } from "@/lib/admin/format";
import { KIND_CHOICES, pageWindow, PER_PAGE_CHOICES, type SearchParams } from "@/lib/admin/list-query";
import { adminContext } from "@/lib/admin/admin-store";
import { requireAdmin } from "@/lib/admin/require-admin";
import { formatMoney } from "@/lib/cart/money";
import { getSession, pageOrUnavailable } from "@/lib/sessions";
import { CopyButton } from "@/app/_components/copy-button";
import { FocusedReadOnlyField } from "@/app/_components/focus-on-arrival";
import { AdminFrame } from "../_components/admin-frame";
import { FilterSelect } from "../_components/filter-select";
import { Pager } from "../_components/pager";
import { createRestoreLinkAction } from "./actions";
import { SubmitButton } from "@/app/_components/submit-button";

export const metadata: Metadata = { title: "Abandoned carts" };
export const dynamic = "force-dynamic";

const KIND_LABELS = { all: "Guests and customers", guest: "Guests", customer: "Customers" } as const;

function idleLabel(choice: IdleChoice, windowMinutes: number): string {
  if (choice === "day") return "At least 1 day";
  if (choice === "week") return "At least 1 week";
  return windowMinutes % 60 === 0 && windowMinutes > 0 ? `At least ${windowMinutes / 60} h` : `At least ${windowMinutes} min`;
}

async function AbandonedCartsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireAdmin();
  const query = parseAbandonedQuery(await searchParams);
  const { store, decode, catalog, config, now, emails } = await adminContext();
  const minutes = idleMinutes(query.idle, config.abandonedCartMinutes);
  const filter = abandonedFilter({ now, windowMinutes: minutes, kind: query.kind });
  const window = pageWindow(await store.countSessions(filter), query.page, query.perPage);
  const carts =
    window.total === 0 ? [] : await listAbandonedCarts({ store, decode, catalog, emails }, filter, { limit: window.perPage, offset: window.offset });
  const shown = await (await getSession<AdminSession>()).take("adminRestoreLink");
  const here = abandonedHref(query, { page: window.page });
  const csvHref = abandonedHref(query, { page: 1, perPage: 25 }, "/admin/abandoned/csv");
  const pageValue = carts.reduce((sum, c) => sum + c.valueCents, 0);
  const currency = carts[0]?.currency ?? "USD";
  return (
    <AdminFrame current="abandoned">
      <h1>Abandoned carts</h1>
      <p className="muted">
        Carts with items whose shopper has not been back for a while, most recently active first. Send a shopper a restore link: opened in any
        browser, it puts these items into that browser&apos;s cart.
      </p>

      <form method="get" className="filters" aria-label="Filter abandoned carts">
        <FilterSelect name="idle" label="Idle for" value={query.idle} choices={IDLE_CHOICES} labelOf={(c) => idleLabel(c, config.abandonedCartMinutes)} />
        <FilterSelect name="kind" label="Kind" value={query.kind} choices={KIND_CHOICES} labelOf={(k) => KIND_LABELS[k]} />
        <FilterSelect name="per" label="Per page" value={query.perPage} choices={PER_PAGE_CHOICES} />
        <div className="actions">
          <SubmitButton>Apply filters</SubmitButton>
          {(query.kind !== "all" || query.idle !== "window") && <Link href="/admin/abandoned">Clear filters</Link>}
        </div>
      </form>

      <div className="list-summary">
        <p data-testid="abandoned-total">
          {window.total === 0 ? (
            "No abandoned carts match right now."
          ) : (
            <>
              Showing <strong>{formatCount(window.from)}</strong>–<strong>{formatCount(window.to)}</strong> of <strong>{formatCount(window.total)}</strong>{" "}
              abandoned {window.total === 1 ? "cart" : "carts"}; {formatMoney(pageValue, currency)} on this page
            </>
          )}
        </p>
        {window.total > 0 && (
          <p>
            <a href={csvHref} download>
              Download all {formatCount(window.total)} as CSV
            </a>
            <span className="muted small"> (streamed, no limit; each cart with its one restore link, the same in every download)</span>
          </p>
        )}
      </div>

      {carts.length > 0 && (
        <div className="table-card">
          <table className="admin-table abandoned-table">
            <caption className="visually-hidden">
              Abandoned carts {formatCount(window.from)} to {formatCount(window.to)} of {formatCount(window.total)}
            </caption>
            <thead>
              <tr>
                <th scope="col">Shopper</th>
                <th scope="col">In the cart</th>
                <th scope="col" className="num">
                  Value
                </th>
                <th scope="col">Last activity</th>
                <th scope="col">Restore link</th>
              </tr>
            </thead>
            <tbody>
              {carts.map((cart) => {
                const link = shown?.key === cart.key ? shown : null;
                const who = cart.email ?? cart.key;
                return (
                  <tr key={cart.key} id={`cart-${cart.key}`} data-testid={`abandoned-${cart.key}`} className={link ? "highlight" : undefined}>
                    <td data-label="Shopper" className="shopper-cell">
                      <span className="shopper">
                        {cart.email ? (
                          <a href={`mailto:${cart.email}`} data-testid={`abandoned-email-${cart.key}`}>
                            {cart.email}
                          </a>
                        ) : (
                          <span className="muted">No email yet</span>
                        )}{" "}
                        <span className={cart.kind === "guest" ? "pill" : "pill pill-customer"}>{cart.kind}</span>
                        <Link href={`/admin/sessions/${encodeURIComponent(cart.key)}`} className="session-link">
                          <code>{cart.key}</code>
                        </Link>
                      </span>
                    </td>
                    <td data-label="In the cart" className="items-cell" data-testid={`abandoned-items-${cart.key}`}>
                      <span>
                        {describeProducts(cart.products)}
                        <span className="visually-hidden">
                          {" "}
                          ({cart.items} {cart.items === 1 ? "item" : "items"})
                        </span>
                      </span>
                    </td>
                    <td data-label="Value" className="num">
                      {formatMoney(cart.valueCents, cart.currency)}
                    </td>
                    <td data-label="Last activity">
                      <span title={`Last activity ${formatUtc(cart.lastActivity)}`}>{formatRelative(cart.lastActivity, now)}</span>
                    </td>
                    <td data-label="Restore link" className={link ? "stack-cell" : undefined}>
                      {link ? (
                        <div className="restore-link">
                          {/* Focus lands here, with or without JavaScript, selected and ready to copy. */}
                          <FocusedReadOnlyField
                            key={link.url}
                            id={`restore-${cart.key}`}
                            value={link.url}
                            aria-label={`Restore link for ${cart.key}`}
                            aria-describedby={`restore-${cart.key}-note`}
                          />
                          <CopyButton target={`restore-${cart.key}`} label={`Copy link for ${who}`} />
                          <span id={`restore-${cart.key}-note`} className="hint" data-testid={`restore-${cart.key}-note`}>
                            {link.created ? "New link" : `This cart's link, made ${formatRelative(link.createdAt, now)}`}: works once, until {formatUtc(link.expiresAt)}.
                          </span>
                        </div>
                      ) : (
                        <form action={createRestoreLinkAction}>
                          <input type="hidden" name="key" value={cart.key} />
                          <input type="hidden" name="back" value={here} />
                          <SubmitButton className="button-secondary button-small" aria-label={`Create link for ${cart.key}`}>
                            Create link
                          </SubmitButton>
                        </form>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <Pager window={window} href={(page) => abandonedHref(query, { page })} label="Abandoned cart pages" />
    </AdminFrame>
  );
}

/** During a database outage the page answers 503 (app/unavailable). */
export default pageOrUnavailable(AbandonedCartsPage);
