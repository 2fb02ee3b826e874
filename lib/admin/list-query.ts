import type { SessionFilter, SessionStatus } from "./admin-store";

/**
 * The admin's list pages (sessions, abandoned carts) keep their filters and page in the URL,
 * so every view is a plain link: it works without JavaScript, survives a reload and can be
 * shared. These helpers read those parameters defensively and write them back.
 */

export type SearchParams = Record<string, string | string[] | undefined>;

export const PER_PAGE_CHOICES = [25, 50, 100] as const;
export const DEFAULT_PER_PAGE = 25;
/** Deep pages stay possible, but an absurd `page=` cannot make the database skip billions of rows. */
const MAX_PAGE = 100_000;

function first(params: SearchParams, name: string): string {
  const value = params[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? "";
}

function oneOf<T extends string>(value: string, choices: readonly T[], fallback: T): T {
  return (choices as readonly string[]).includes(value) ? (value as T) : fallback;
}

export function pageParam(params: SearchParams): number {
  const page = Number.parseInt(first(params, "page"), 10);
  return Number.isSafeInteger(page) && page >= 1 ? Math.min(page, MAX_PAGE) : 1;
}

export function perPageParam(params: SearchParams): number {
  const perPage = Number.parseInt(first(params, "per"), 10);
  return (PER_PAGE_CHOICES as readonly number[]).includes(perPage) ? perPage : DEFAULT_PER_PAGE;
}

export const KIND_CHOICES = ["all", "guest", "customer"] as const;
export const STATUS_CHOICES = ["all", "active", "ended", "expired"] as const;
export const CART_CHOICES = ["all", "open", "empty"] as const;
export type KindChoice = (typeof KIND_CHOICES)[number];
export type StatusChoice = (typeof STATUS_CHOICES)[number];
export type CartChoice = (typeof CART_CHOICES)[number];

/** The session inspector's filters, as the URL carries them. */
export interface SessionListQuery {
  q: string;
  kind: KindChoice;
  status: StatusChoice;
  cart: CartChoice;
  page: number;
  perPage: number;
}

export function parseSessionListQuery(params: SearchParams): SessionListQuery {
  return {
    q: first(params, "q").slice(0, 100),
    kind: oneOf(first(params, "kind"), KIND_CHOICES, "all"),
    status: oneOf(first(params, "status"), STATUS_CHOICES, "all"),
    cart: oneOf(first(params, "cart"), CART_CHOICES, "all"),
    page: pageParam(params),
    perPage: perPageParam(params),
  };
}

export interface Lifetimes {
  now: number;
}

export function sessionFilterFor(query: Pick<SessionListQuery, "kind" | "status" | "cart">, lifetimes: Lifetimes): SessionFilter {
  const filter: SessionFilter = { now: lifetimes.now };
  if (query.kind !== "all") filter.kind = query.kind;
  if (query.status !== "all") filter.status = [query.status satisfies SessionStatus];
  if (query.cart !== "all") filter.cart = query.cart;
  return filter;
}

/** True when any filter narrows the list (the page then offers "Clear filters"). */
export function isFiltered(query: Pick<SessionListQuery, "kind" | "status" | "cart">): boolean {
  return query.kind !== "all" || query.status !== "all" || query.cart !== "all";
}

/**
 * `?name=value&…` for a list URL, leaving out defaults (so the plain URL is the default
 * view) and always in the same order. Page 1 is left out too.
 */
export function listHref(path: string, values: Record<string, string | number>, defaults: Record<string, string | number>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value === "" || value === defaults[name]) continue;
    search.set(name, String(value));
  }
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

export const SESSION_LIST_DEFAULTS = { q: "", kind: "all", status: "all", cart: "all", page: 1, per: DEFAULT_PER_PAGE } as const;

export function sessionListHref(query: SessionListQuery, change: Partial<SessionListQuery> = {}): string {
  const next = { ...query, ...change };
  return listHref("/admin/sessions", { kind: next.kind, status: next.status, cart: next.cart, per: next.perPage, page: next.page }, SESSION_LIST_DEFAULTS);
}

/** One page of a list with a known total: which rows it shows and which pages exist. */
export interface PageWindow {
  total: number;
  page: number;
  pages: number;
  perPage: number;
  offset: number;
  /** 1-based positions of the first and last row shown (0 and 0 when there are none). */
  from: number;
  to: number;
}

/** Clamps `page` into the pages `total` rows make, so a stale "page 40" shows the last page. */
export function pageWindow(total: number, page: number, perPage: number): PageWindow {
  const pages = Math.max(1, Math.ceil(total / perPage));
  const current = Math.min(Math.max(1, page), pages);
  const offset = (current - 1) * perPage;
  return { total, page: current, pages, perPage, offset, from: total === 0 ? 0 : offset + 1, to: Math.min(total, offset + perPage) };
}

/**
 * The page numbers a pager shows: always the first and last, the current one and its
 * neighbours; `null` marks a gap ("…").
 */
export function pagerItems(page: number, pages: number): (number | null)[] {
  const wanted = new Set([1, pages, page - 1, page, page + 1].filter((p) => p >= 1 && p <= pages));
  const sorted = [...wanted].sort((a, b) => a - b);
  const items: (number | null)[] = [];
  for (const p of sorted) {
    const last = items[items.length - 1];
    if (typeof last === "number" && p - last === 2) items.push(last + 1);
    else if (typeof last === "number" && p - last > 2) items.push(null);
    items.push(p);
  }
  return items;
}

/** A row's status as the filters define it (see SessionStatus): the facts are in its columns. */
export function statusOf(entry: { activeUntil: number; expiry: number }, lifetimes: Lifetimes): SessionStatus {
  if (entry.activeUntil > lifetimes.now) return "active";
  return entry.expiry > lifetimes.now ? "ended" : "expired";
}
