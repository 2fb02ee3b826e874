import { describe, expect, it } from "vitest";
import type { Product } from "../cart/catalog";
import { describeSession } from "./session-view";

const products: Product[] = [
  { id: "linen-apron", name: "Linen Apron", description: "", priceCents: 3800, currency: "USD", swatch: "#000000" },
  { id: "enamel-mug", name: "Enamel Mug", description: "", priceCents: 1600, currency: "USD", swatch: "#000000" },
];

describe("a session as the inspector shows it", () => {
  it("names the products, prices the lines and reads the checkout draft", () => {
    const view = describeSession(
      {
        cart: [
          { productId: "linen-apron", quantity: 2 },
          { productId: "gone-thing", quantity: 1 },
        ],
        checkout: { contact: { email: "ada@example.com", fullName: "Ada Lovelace", city: "London", country: "GB" }, shipping: { method: "express" } },
        note: "hello",
      },
      products,
    );
    expect(view.lines).toEqual([
      { productId: "linen-apron", name: "Linen Apron", quantity: 2, unitCents: 3800, totalCents: 7600 },
      { productId: "gone-thing", name: "gone-thing (no longer sold)", quantity: 1, unitCents: null, totalCents: null },
    ]);
    expect(view.subtotalCents).toBe(7600);
    expect(view.email).toBe("ada@example.com");
    expect(view.checkout).toEqual({ name: "Ada Lovelace", place: "London, United Kingdom", shipping: "Express (next day)" });
    expect(view.otherKeys).toEqual(["note"]);
  });

  it("shows an empty session as empty", () => {
    expect(describeSession({}, products)).toMatchObject({ lines: [], subtotalCents: 0, email: null, checkout: null, lastOrder: null, otherKeys: [] });
  });
});
