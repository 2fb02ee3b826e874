import type { AdminAggregates } from "../lib/session/store";

/** Shared shaping of the aggregate rows both stores return. */
export interface AggregateRows {
  totals: { guests: unknown; total: unknown; active: unknown; expired_rows: unknown; open_carts: unknown; items: unknown; expiring_hour: unknown };
  expiry: { bucket: unknown; n: unknown }[];
  created: { bucket: unknown; n: unknown }[];
  sizes: { bucket: unknown; n: unknown }[];
}

function buckets(rows: { bucket: unknown; n: unknown }[], length: number): number[] {
  const out = new Array<number>(length).fill(0);
  for (const row of rows) {
    const i = Number(row.bucket);
    if (i >= 0 && i < length) out[i] = Number(row.n);
  }
  return out;
}

export function shapeAggregates(rows: AggregateRows): AdminAggregates {
  const t = rows.totals;
  const guests = Number(t.guests ?? 0);
  return {
    guests,
    customers: Number(t.total ?? 0) - guests,
    active: Number(t.active ?? 0),
    expiredRows: Number(t.expired_rows ?? 0),
    openCarts: Number(t.open_carts ?? 0),
    itemsInOpenCarts: Number(t.items ?? 0),
    expiringNextHour: Number(t.expiring_hour ?? 0),
    expiryByHour: buckets(rows.expiry, 48),
    createdByHour: buckets(rows.created, 48),
    cartSizes: buckets(rows.sizes, 11),
  };
}
