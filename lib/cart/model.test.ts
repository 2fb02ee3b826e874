import { describe, expect, it } from "vitest";
import { addLine, cartTotals, clearCart, findLine, itemCount, MAX_LINE_QUANTITY, removeLine, setLineQuantity } from "./model";

const apron = "linen-apron";
const mug = "enamel-mug";

describe("addLine", () => {
  it("adds a new product as a new line", () => {
    expect(addLine(undefined, apron, 2)).toEqual([{ productId: apron, quantity: 2 }]);
  });

  it("adds to the existing line of the same product instead of a second line", () => {
    const cart = addLine(addLine([], apron, 2), mug, 1);
    expect(addLine(cart, apron, 3)).toEqual([
      { productId: apron, quantity: 5 },
      { productId: mug, quantity: 1 },
    ]);
  });

  it(`caps a line at ${MAX_LINE_QUANTITY} units`, () => {
    expect(addLine([{ productId: apron, quantity: 998 }], apron, 5)).toEqual([{ productId: apron, quantity: MAX_LINE_QUANTITY }]);
    expect(addLine([], apron, 5000)).toEqual([{ productId: apron, quantity: MAX_LINE_QUANTITY }]);
  });

  it("ignores a zero or negative quantity", () => {
    expect(addLine([], apron, 0)).toEqual([]);
    expect(addLine([{ productId: apron, quantity: 1 }], apron, -4)).toEqual([{ productId: apron, quantity: 1 }]);
  });

  it("never changes the lines it was given", () => {
    const cart = [{ productId: apron, quantity: 1 }];
    addLine(cart, apron, 1);
    expect(cart).toEqual([{ productId: apron, quantity: 1 }]);
  });

  it("reads malformed stored data as an empty cart", () => {
    expect(addLine("garbage", apron, 1)).toEqual([{ productId: apron, quantity: 1 }]);
    expect(addLine([{ productId: 3, quantity: "x" }, null], apron, 1)).toEqual([{ productId: apron, quantity: 1 }]);
  });
});

describe("setLineQuantity and removeLine", () => {
  const cart = [
    { productId: apron, quantity: 2 },
    { productId: mug, quantity: 1 },
  ];

  it("sets a line's quantity", () => {
    expect(setLineQuantity(cart, mug, 7)).toEqual([
      { productId: apron, quantity: 2 },
      { productId: mug, quantity: 7 },
    ]);
  });

  it("removes the line when the quantity is 0", () => {
    expect(setLineQuantity(cart, apron, 0)).toEqual([{ productId: mug, quantity: 1 }]);
  });

  it("does not add a product that is not in the cart", () => {
    expect(setLineQuantity(cart, "wool-throw", 3)).toEqual(cart);
  });

  it(`caps the quantity at ${MAX_LINE_QUANTITY}`, () => {
    expect(findLine(setLineQuantity(cart, mug, 10_000), mug)?.quantity).toBe(MAX_LINE_QUANTITY);
  });

  it("removes one line and keeps the others", () => {
    expect(removeLine(cart, apron)).toEqual([{ productId: mug, quantity: 1 }]);
    expect(removeLine(cart, "wool-throw")).toEqual(cart);
  });

  it("clears the cart", () => {
    expect(clearCart()).toEqual([]);
  });
});

describe("itemCount and cartTotals", () => {
  const cart = [
    { productId: apron, quantity: 2 },
    { productId: mug, quantity: 3 },
  ];
  const prices = new Map([
    [apron, 3800],
    [mug, 1600],
  ]);

  it("counts units, not lines", () => {
    expect(itemCount(cart)).toBe(5);
    expect(itemCount(undefined)).toBe(0);
  });

  it("prices each line and sums the subtotal in cents", () => {
    expect(cartTotals(cart, prices)).toEqual({
      lines: [
        { productId: apron, quantity: 2, unitPriceCents: 3800, lineTotalCents: 7600 },
        { productId: mug, quantity: 3, unitPriceCents: 1600, lineTotalCents: 4800 },
      ],
      itemCount: 5,
      subtotalCents: 12_400,
    });
  });

  it("leaves out a line whose product has no price (gone from the catalog)", () => {
    const totals = cartTotals([...cart, { productId: "retired", quantity: 4 }], prices);
    expect(totals.lines.map((l) => l.productId)).toEqual([apron, mug]);
    expect(totals.itemCount).toBe(5);
  });
});
