import type { Catalog, Product } from "../../lib/cart/catalog";
import type { PgConnection } from "./connect";

type Row = Record<string, unknown>;

const COLUMNS = "id, name, description, price_cents, currency, swatch";

function toProduct(row: Row): Product {
  return {
    id: String(row.id),
    name: String(row.name),
    description: String(row.description),
    priceCents: Number(row.price_cents),
    currency: String(row.currency),
    swatch: String(row.swatch),
  };
}

/** The `products` table on Postgres (one HTTP round trip per lookup). */
export class PgCatalog implements Catalog {
  constructor(private readonly connection: PgConnection) {}

  async list(): Promise<Product[]> {
    return ((await this.connection.sql.query(`SELECT ${COLUMNS} FROM products ORDER BY position, id`)) as Row[]).map(toProduct);
  }

  async get(id: string): Promise<Product | null> {
    const [row] = (await this.connection.sql.query(`SELECT ${COLUMNS} FROM products WHERE id = $1`, [id])) as Row[];
    return row ? toProduct(row) : null;
  }
}
