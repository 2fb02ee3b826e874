import { describe, expect, it } from "vitest";
import { assertProductIdShape, parseAddItem, parseSetQuantity } from "./cart-requests";
import { ApiError } from "./errors";

function errorOf(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error("expected an ApiError");
}

describe("POST /api/cart/items body", () => {
  it("accepts a product id and a quantity from 1 to 999, ignoring extra fields", () => {
    expect(parseAddItem({ productId: "linen-apron", quantity: 1 })).toEqual({ productId: "linen-apron", quantity: 1 });
    expect(parseAddItem({ productId: "linen-apron", quantity: 999, note: "x" })).toEqual({ productId: "linen-apron", quantity: 999 });
  });

  it.each([
    ["zero", 0],
    ["negative", -1],
    ["over 999", 1000],
    ["fractional", 1.5],
    ["a string", "2"],
    ["missing", undefined],
    ["null", null],
    ["NaN-like", Number.NaN],
  ])("refuses a quantity that is %s with 400 invalid_quantity", (_name, quantity) => {
    const error = errorOf(() => parseAddItem({ productId: "linen-apron", quantity }));
    expect(error.status).toBe(400);
    expect(error.code).toBe("invalid_quantity");
    expect(error.message).toMatch(/1 to 999/);
  });

  it.each([
    ["missing", {}],
    ["not a string", { productId: 7 }],
    ["empty", { productId: "" }],
  ])("refuses a productId that is %s with 400 invalid_request", (_name, fields) => {
    const error = errorOf(() => parseAddItem({ quantity: 1, ...fields }));
    expect(error.status).toBe(400);
    expect(error.code).toBe("invalid_request");
  });

  it.each([["an array", []], ["null", null], ["a number", 5], ["a string", "linen-apron"]])("refuses a body that is %s", (_name, body) => {
    const error = errorOf(() => parseAddItem(body));
    expect(error.status).toBe(400);
    expect(error.code).toBe("invalid_request");
  });
});

describe("PATCH /api/cart/items/:productId body", () => {
  it("accepts 0 (removes the line) up to 999", () => {
    expect(parseSetQuantity({ quantity: 0 })).toEqual({ quantity: 0 });
    expect(parseSetQuantity({ quantity: 999 })).toEqual({ quantity: 999 });
  });

  it.each([-1, 1000, 2.5, "3", null])("refuses quantity %s with 400 invalid_quantity", (quantity) => {
    const error = errorOf(() => parseSetQuantity({ quantity }));
    expect(error.status).toBe(400);
    expect(error.code).toBe("invalid_quantity");
    expect(error.message).toMatch(/0 to 999/);
  });
});

describe("product ids in paths", () => {
  it("treats anything that is not a slug as an unknown product (404)", () => {
    for (const id of ["../etc/passwd", "Linen-Apron", "a b", "-apron", "x".repeat(65), ""]) {
      const error = errorOf(() => assertProductIdShape(id));
      expect(error.status).toBe(404);
      expect(error.code).toBe("unknown_product");
    }
    expect(() => assertProductIdShape("linen-apron")).not.toThrow();
  });
});
