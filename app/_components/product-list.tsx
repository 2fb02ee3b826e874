import Link from "next/link";
import { IDEMPOTENCY_FIELD } from "cartsession/next";
import { addToCart } from "@/app/(store)/cart/actions";
import type { Product } from "@/lib/cart/catalog";
import { formatMoney } from "@/lib/cart/money";
import { IdempotencyField } from "./idempotency-field";
import { SORTS, type CatalogQuery } from "@/lib/cart/search";
import { ProductImage } from "./product-image";
import { SubmitButton } from "./submit-button";

/**
 * Search and sort: a plain GET form to /search (works without JavaScript). The shared home
 * page stays one cacheable page; results are a page of their own.
 */
function CatalogSearch({ query }: { query?: CatalogQuery }) {
  return (
    <form method="get" action="/search" role="search" aria-label="Product search" className="catalog-search">
      <div className="field field-grow">
        <label htmlFor="catalog-q">Search products</label>
        <input id="catalog-q" name="q" type="search" defaultValue={query?.q ?? ""} maxLength={80} autoComplete="off" />
      </div>
      <div className="field">
        <label htmlFor="catalog-sort">Sort by</label>
        <select id="catalog-sort" name="sort" defaultValue={query?.sort ?? "featured"}>
          {SORTS.map((sort) => (
            <option key={sort.id} value={sort.id}>
              {sort.label}
            </option>
          ))}
        </select>
      </div>
      <SubmitButton className="button-secondary">Show products</SubmitButton>
    </form>
  );
}

/**
 * The product grid. Holds nothing about the visitor, so it can be shared from a cache.
 * `query` and `returnTo` are set on the search page (its results, and where adding returns).
 */
export function ProductList({ products, query, returnTo = "/" }: { products: readonly Product[]; query?: CatalogQuery; returnTo?: string }) {
  const searching = query !== undefined && (query.q !== "" || query.sort !== "featured");
  return (
    <>
      <div className="shop-intro">
        <h1>{query?.q ? `Search: “${query.q}”` : "Shop"}</h1>
        <p>
          Well-made things for kitchen, home and pocket. Free pickup in store, and your cart waits for you across tabs, and across devices
          once you log in.
        </p>
      </div>
      <CatalogSearch query={query} />
      {searching && (
        <p className="muted" data-testid="search-summary">
          {products.length === 0 ? "No product matches" : `${products.length} ${products.length === 1 ? "product" : "products"}`}
          {query?.q ? ` for “${query.q}”` : ""}. <Link href="/">Show all products</Link>
        </p>
      )}
      {products.length === 0 ? (
        !searching && (
          <section className="card empty-state" data-testid="catalog-empty">
            <h2>No products yet</h2>
            <p className="muted">
              The catalog is empty. In a demo, <code>npm run demo</code> (or <code>npm run db:migrate</code>) adds the demo products; a real
              shop adds its own.
            </p>
          </section>
        )
      ) : (
        <ul className="product-grid" aria-label="Products">
          {products.map((product, i) => (
            <li key={product.id} className="product-card" data-testid={`product-${product.id}`}>
              <Link href={`/products/${product.id}`} className="product-card-link">
                <ProductImage id={product.id} swatch={product.swatch} eager={i < 8} />
                <span className="product-name">{product.name}</span>
              </Link>
              <p className="price">{formatMoney(product.priceCents, product.currency)}</p>
              <form action={addToCart}>
                <input type="hidden" name="productId" value={product.id} />
                <input type="hidden" name="returnTo" value={returnTo} />
                <IdempotencyField name={IDEMPOTENCY_FIELD} />
                {/* The name starts with the visible words (WCAG 2.5.3) and says which product. */}
                <SubmitButton aria-label={`Add to cart: ${product.name}`}>Add to cart</SubmitButton>
              </form>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
