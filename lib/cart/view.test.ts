import { describe, expect, it } from "vitest";
import type { Catalog, Product } from "./catalog";
import { summarizeCart } from "./model";
import { buildCartView } from "./view";

const products: Product[] = [
  { id: "linen-apron", name: "Linen Apron", description: "", priceCents: 3800, currency: "USD", swatch: "#b7a58a" },
  { id: "enamel-mug", name: "Enamel Mug", description: "", priceCents: 1600, currency: "USD", swatch: "#2f5d8a" },
];
const catalog: Catalog = {
  list: async () => products,
  get: async (id) => products.find((p) => p.id === id) ?? null,
};

describe("buildCartView", () => {
  it("prices each line from the catalog, with the totals and the cart hash", async () => {
    const cart = [
      { productId: "linen-apron", quantity: 2 },
      { productId: "enamel-mug", quantity: 1 },
    ];
    expect(await buildCartView(cart, catalog)).toEqual({
      items: [
        { productId: "linen-apron", name: "Linen Apron", swatch: "#b7a58a", unitPrice: 3800, quantity: 2, lineTotal: 7600 },
        { productId: "enamel-mug", name: "Enamel Mug", swatch: "#2f5d8a", unitPrice: 1600, quantity: 1, lineTotal: 1600 },
      ],
      itemCount: 3,
      subtotal: 9200,
      currency: "USD",
      cartHash: summarizeCart(cart).cartHash,
    });
  });

  it("is an empty cart with no hash when nothing is stored", async () => {
    expect(await buildCartView(undefined, catalog)).toEqual({ items: [], itemCount: 0, subtotal: 0, currency: "USD", cartHash: "" });
  });
});
