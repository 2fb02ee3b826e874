import type { Product } from "./catalog";

/** The catalog's sort orders, as the `sort` query parameter names them. */
export const SORTS = [
  { id: "featured", label: "Featured" },
  { id: "price-asc", label: "Price, low to high" },
  { id: "price-desc", label: "Price, high to low" },
  { id: "name", label: "Name, A to Z" },
] as const;
export type SortId = (typeof SORTS)[number]["id"];

export interface CatalogQuery {
  /** Words to find in a product's name or description ("" for all). */
  q: string;
  sort: SortId;
}

type Params = Record<string, string | string[] | undefined>;

/** `?q=…&sort=…` read leniently: anything unknown falls back to all products, featured first. */
export function parseCatalogQuery(params: Params): CatalogQuery {
  const first = (name: string) => {
    const value = params[name];
    return (Array.isArray(value) ? value[0] : value) ?? "";
  };
  const sort = first("sort");
  return {
    q: first("q").trim().replace(/\s+/g, " ").slice(0, 80),
    sort: SORTS.some((s) => s.id === sort) ? (sort as SortId) : "featured",
  };
}

/** The products matching every word of `q` (in name or description), in the chosen order. */
export function searchCatalog(products: readonly Product[], query: CatalogQuery): Product[] {
  const words = query.q.toLowerCase().split(" ").filter(Boolean);
  const found = products.filter((p) => {
    const text = `${p.name} ${p.description}`.toLowerCase();
    return words.every((word) => text.includes(word));
  });
  switch (query.sort) {
    case "price-asc":
      return found.sort((a, b) => a.priceCents - b.priceCents || a.name.localeCompare(b.name));
    case "price-desc":
      return found.sort((a, b) => b.priceCents - a.priceCents || a.name.localeCompare(b.name));
    case "name":
      return found.sort((a, b) => a.name.localeCompare(b.name, "en"));
    default:
      return found;
  }
}

/** `/search?q=…&sort=…` for a query (what the add-to-cart forms of a result page return to). */
export function searchHref(query: CatalogQuery): string {
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  if (query.sort !== "featured") params.set("sort", query.sort);
  const search = params.toString();
  return search ? `/search?${search}` : "/search";
}
