import { describe, expect, it } from "vitest";
import { addLine, removeLine, setLineQuantity } from "./model";
import { summarizeCart } from "./summary";

const cart = [
  { productId: "linen-apron", quantity: 2 },
  { productId: "enamel-mug", quantity: 1 },
  { productId: "wool-throw", quantity: 3 },
];

describe("cart hash", () => {
  it("is 32 hex characters for a non-empty cart and empty for an empty one", () => {
    expect(summarizeCart(cart).cartHash).toMatch(/^[0-9a-f]{32}$/);
    expect(summarizeCart([])).toEqual({ items: 0, cartHash: "" });
    expect(summarizeCart(undefined)).toEqual({ items: 0, cartHash: "" });
  });

  it("is the same for the same contents, whatever order the lines are in", () => {
    const reordered = [cart[2], cart[0], cart[1]];
    expect(summarizeCart(reordered).cartHash).toBe(summarizeCart(cart).cartHash);
    expect(summarizeCart(structuredClone(cart)).cartHash).toBe(summarizeCart(cart).cartHash);
  });

  it("is the same when the same contents are reached by different steps", () => {
    const a = addLine(addLine([], "enamel-mug", 1), "linen-apron", 2);
    const b = setLineQuantity(addLine(addLine([], "linen-apron", 5), "enamel-mug", 1), "linen-apron", 2);
    expect(summarizeCart(a).cartHash).toBe(summarizeCart(b).cartHash);
  });

  it("changes on any change: a quantity, a new line, a removed line, another product", () => {
    const base = summarizeCart(cart).cartHash;
    const changed = [
      setLineQuantity(cart, "enamel-mug", 2),
      addLine(cart, "glass-carafe", 1),
      removeLine(cart, "wool-throw"),
      cart.map((line) => (line.productId === "wool-throw" ? { ...line, productId: "wool-throw-2" } : line)),
    ].map((c) => summarizeCart(c).cartHash);
    for (const hash of changed) expect(hash).not.toBe(base);
    expect(new Set(changed).size).toBe(changed.length);
  });

  it("counts units for items_in_cart", () => {
    expect(summarizeCart(cart).items).toBe(6);
  });
});
