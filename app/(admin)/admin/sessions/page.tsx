import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { formatBytes, formatCount, formatRelative, formatUtc } from "@/lib/admin/format";
import {
  CART_CHOICES,
  isFiltered,
  KIND_CHOICES,
  pageWindow,
  parseSessionListQuery,
  PER_PAGE_CHOICES,
  sessionFilterFor,
  sessionListHref,
  STATUS_CHOICES,
  statusOf,
  type SearchParams,
} from "@/lib/admin/list-query";
import { adminContext, isGuestKey } from "@/lib/admin/admin-store";
import { requireAdmin } from "@/lib/admin/require-admin";
import { AdminFrame } from "../_components/admin-frame";
import { FilterSelect } from "../_components/filter-select";
import { Pager } from "../_components/pager";
import { pageOrUnavailable } from "@/lib/sessions";
import { SubmitButton } from "@/app/_components/submit-button";

export const metadata: Metadata = { title: "Sessions" };
export const dynamic = "force-dynamic";

const KIND_LABELS = { all: "Guests and customers", guest: "Guests", customer: "Customers" } as const;
const STATUS_LABELS = { all: "Any status", active: "Active", ended: "Ended (row kept)", expired: "Expired (awaiting cleanup)" } as const;
const CART_LABELS = { all: "With or without items", open: "Cart with items", empty: "Empty cart" } as const;

async function SessionInspectorPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireAdmin();
  const query = parseSessionListQuery(await searchParams);
  const { store, now } = await adminContext();
  const lifetimes = { now };
  let notFoundKey: string | null = null;
  const filter = sessionFilterFor(query, lifetimes);
  if (query.q) {
    // A session key (or its first characters) or a customer id: one match opens it.
    const matches = await store.listSessions({ now, search: query.q }, { limit: 2, offset: 0 });
    if (matches.length === 1) redirect(`/admin/sessions/${encodeURIComponent(matches[0]!.key)}`);
    if (matches.length === 0) notFoundKey = query.q;
    else filter.search = query.q;
  }
  const window = pageWindow(await store.countSessions(filter), query.page, query.perPage);
  const entries = window.total === 0 ? [] : await store.listSessions(filter, { limit: window.perPage, offset: window.offset });
  const filtered = isFiltered(query) || filter.search !== undefined;
  return (
    <AdminFrame current="sessions">
      <h1>Sessions</h1>
      <form method="get" className="filters" role="search" aria-label="Find a session">
        <div className="field field-wide">
          <label htmlFor="q">Find a session by customer id or session key</label>
          <input id="q" name="q" defaultValue={query.q} maxLength={40} placeholder="t_… or a user id" autoComplete="off" spellCheck={false} />
        </div>
        <div className="actions">
          <SubmitButton>Find</SubmitButton>
        </div>
      </form>
      {notFoundKey !== null && (
        <p role="alert" className="notice notice-error">
          No stored session has the key or customer id “{notFoundKey}”.
        </p>
      )}

      <form method="get" className="filters" aria-label="Filter sessions">
        <FilterSelect name="kind" label="Kind" value={query.kind} choices={KIND_CHOICES} labelOf={(k) => KIND_LABELS[k]} />
        <FilterSelect name="status" label="Status" value={query.status} choices={STATUS_CHOICES} labelOf={(k) => STATUS_LABELS[k]} />
        <FilterSelect name="cart" label="Cart" value={query.cart} choices={CART_CHOICES} labelOf={(k) => CART_LABELS[k]} />
        <FilterSelect name="per" label="Per page" value={query.perPage} choices={PER_PAGE_CHOICES} />
        <div className="actions">
          <SubmitButton>Apply filters</SubmitButton>
          {filtered && <Link href="/admin/sessions">Clear filters</Link>}
        </div>
      </form>

      <div className="list-summary">
        <p data-testid="sessions-total">
          {window.total === 0 ? (
            filtered ? "No session matches these filters." : "No session is stored yet: they appear here once a shopper stores something."
          ) : (
            <>
              Showing <strong>{formatCount(window.from)}</strong>–<strong>{formatCount(window.to)}</strong> of <strong>{formatCount(window.total)}</strong>{" "}
              {window.total === 1 ? "session" : "sessions"}
              {filtered ? " matching the filters" : ""}, newest activity first
            </>
          )}
        </p>
        <p className="muted small">
          Page {formatCount(window.page)} of {formatCount(window.pages)}
        </p>
      </div>

      {entries.length > 0 && (
        <div className="table-card">
          <table className="admin-table">
            <caption className="visually-hidden">
              Sessions {formatCount(window.from)} to {formatCount(window.to)} of {formatCount(window.total)}, newest activity first
            </caption>
            <thead>
              <tr>
                <th scope="col">Session</th>
                <th scope="col">Kind</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Items
                </th>
                <th scope="col" className="num">
                  Size
                </th>
                <th scope="col">Last activity</th>
                <th scope="col">Row expires</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => {
                const status = statusOf(entry, lifetimes);
                const guest = isGuestKey(entry.key);
                return (
                  <tr key={entry.key} data-testid={`session-row-${entry.key}`}>
                    <td data-label="Session">
                      <Link href={`/admin/sessions/${encodeURIComponent(entry.key)}`}>
                        <code>{entry.key}</code>
                      </Link>
                    </td>
                    <td data-label="Kind">
                      <span className={guest ? "pill" : "pill pill-customer"}>{guest ? "guest" : "customer"}</span>
                    </td>
                    <td data-label="Status">
                      <span className={`pill pill-${status}`}>{status}</span>
                    </td>
                    <td data-label="Items" className="num">
                      {formatCount(entry.items)}
                    </td>
                    <td data-label="Size" className="num">
                      {formatBytes(entry.bytes)}
                    </td>
                    <td data-label="Last activity">
                      <span title={formatUtc(entry.updated)}>{formatRelative(entry.updated, now)}</span>
                    </td>
                    <td data-label="Row expires">
                      <span title={formatUtc(entry.expiry)}>{formatRelative(entry.expiry, now)}</span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <Pager window={window} href={(page) => sessionListHref(query, { page })} label="Session pages" />
    </AdminFrame>
  );
}

/** During a database outage the page answers 503 (app/unavailable). */
export default pageOrUnavailable(SessionInspectorPage);
