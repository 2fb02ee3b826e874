import type { Catalog, Product } from "../../lib/cart/catalog";
import type { SqliteDatabase } from "./open";

type Row = { id: string; name: string; description: string; price_cents: number; currency: string; swatch: string };

function toProduct(row: Row): Product {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    priceCents: row.price_cents,
    currency: row.currency,
    swatch: row.swatch,
  };
}

const COLUMNS = "id, name, description, price_cents, currency, swatch";

/** The `products` table on better-sqlite3, statements prepared once per connection. */
export class SqliteCatalog implements Catalog {
  private readonly statements;

  constructor(db: SqliteDatabase) {
    this.statements = {
      list: db.prepare<[], Row>(`SELECT ${COLUMNS} FROM products ORDER BY position, id`),
      get: db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM products WHERE id = ?`),
    };
  }

  async list(): Promise<Product[]> {
    return this.statements.list.all().map(toProduct);
  }

  async get(id: string): Promise<Product | null> {
    const row = this.statements.get.get(id);
    return row ? toProduct(row) : null;
  }
}
