import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempSqliteStore } from "../../test/helpers/sqlite";
import { SqliteCatalog } from "./catalog";

let env: ReturnType<typeof tempSqliteStore>;
beforeEach(() => {
  env = tempSqliteStore();
});
afterEach(() => env.dispose());

describe("the seeded demo catalog", () => {
  it("holds a dozen products in display order, priced in whole cents", async () => {
    const products = await new SqliteCatalog(env.store.db).list();
    expect(products).toHaveLength(12);
    expect(products[0]?.id).toBe("linen-apron");
    for (const product of products) {
      expect(product.id).toMatch(/^[a-z0-9-]+$/);
      expect(Number.isInteger(product.priceCents) && product.priceCents > 0).toBe(true);
      expect(product.currency).toBe("USD");
      expect(product.swatch).toMatch(/^#[0-9a-f]{6}$/);
    }
  });

  it("finds a product by id, and nothing for an unknown id", async () => {
    const catalog = new SqliteCatalog(env.store.db);
    expect(await catalog.get("enamel-mug")).toMatchObject({ name: "Enamel Mug", priceCents: 1600 });
    expect(await catalog.get("no-such-thing")).toBeNull();
  });
});
