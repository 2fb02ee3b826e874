/** A product of the demo catalog. Prices are integer cents, so no sum ever rounds. */
export interface Product {
  /** URL slug, e.g. "linen-apron". */
  id: string;
  name: string;
  description: string;
  priceCents: number;
  /** ISO 4217 code, e.g. "USD". */
  currency: string;
  /** A `#rrggbb` colour that stands in for a product photo. */
  swatch: string;
}

/** Read-only product lookups; `db/` implements it once per database. */
export interface Catalog {
  /** Every product, in display order. */
  list(): Promise<Product[]>;
  /** The product, or null when there is none with this id. */
  get(id: string): Promise<Product | null>;
}

/** Product ids are slugs; anything else is never looked up. */
export const PRODUCT_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

export function isProductId(value: string): boolean {
  return PRODUCT_ID_PATTERN.test(value);
}
