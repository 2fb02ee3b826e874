import type { SqlClient, SqlRow } from "cartsession";
import type { Catalog, Product } from "../../lib/cart/catalog";

const COLUMNS = "id, name, description, price_cents, currency, swatch";

function toProduct(row: SqlRow): Product {
  return {
    id: String(row.id),
    name: String(row.name),
    description: String(row.description),
    priceCents: Number(row.price_cents),
    currency: String(row.currency),
    swatch: String(row.swatch),
  };
}

/** The `products` table, one statement per lookup, on either database. */
export class SqlCatalog implements Catalog {
  constructor(private readonly client: SqlClient) {}

  async list(): Promise<Product[]> {
    return (await this.client.all(`SELECT ${COLUMNS} FROM products ORDER BY position, id`)).map(toProduct);
  }

  async get(id: string): Promise<Product | null> {
    const [row] = await this.client.all(`SELECT ${COLUMNS} FROM products WHERE id = ?`, [id]);
    return row ? toProduct(row) : null;
  }
}
