import type { Metadata } from "next";
import { Notices } from "@/app/_components/notices";
import { ProductList } from "@/app/_components/product-list";
import { parseCatalogQuery, searchCatalog, searchHref } from "@/lib/cart/search";
import { shopCatalog } from "@/lib/cart/shop-catalog";
import { pageOrUnavailable } from "@/lib/sessions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Search", robots: { index: false } };

/** Catalog search and sorting from the query string (`?q=…&sort=…`), with or without JavaScript. */
async function SearchPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const query = parseCatalogQuery(await searchParams);
  const products = searchCatalog(await (await shopCatalog()).list(), query);
  return (
    <>
      <Notices />
      <ProductList products={products} query={query} returnTo={searchHref(query)} />
    </>
  );
}

/** During a database outage the page answers 503 (app/unavailable). */
export default pageOrUnavailable(SearchPage);
