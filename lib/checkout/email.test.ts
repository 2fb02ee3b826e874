import { describe, expect, it } from "vitest";
import { sessionEmail } from "./email";

describe("the shopper's email in a session", () => {
  it("is the checkout draft's email once it is a valid address", () => {
    expect(sessionEmail({ cart: [], checkout: { contact: { email: " ada@example.com ", fullName: "" } } })).toBe("ada@example.com");
  });

  it("falls back to the last order's email, and ignores a half-typed one", () => {
    expect(sessionEmail({ checkout: { contact: { email: "ada@" } }, lastOrder: { email: "grace@example.com" } })).toBe("grace@example.com");
    expect(sessionEmail({ checkout: { contact: { email: "ada@" } } })).toBeNull();
  });

  it("is null for a session without one, or garbage", () => {
    expect(sessionEmail({ cart: [{ productId: "enamel-mug", quantity: 1 }] })).toBeNull();
    expect(sessionEmail(null)).toBeNull();
    expect(sessionEmail({ checkout: { contact: { email: 42 } } })).toBeNull();
  });
});
