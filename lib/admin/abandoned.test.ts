import { describe, expect, it } from "vitest";
import { CSV_HEADER, abandonedCartsCsv, withRestoreLinks, type AbandonedCart } from "./abandoned";

const cart = (key: string, lines = [{ productId: "linen-apron", quantity: 2 }]): AbandonedCart => ({
  key,
  kind: "guest",
  customerId: null,
  items: lines.reduce((n, l) => n + l.quantity, 0),
  valueCents: 7600,
  currency: "USD",
  lastActivity: 1_800_000_000,
  lines,
  email: key === "t_a" ? "ada@example.com" : null,
  products: lines.map((l) => ({ productId: l.productId, name: "Linen Apron", quantity: l.quantity, unitCents: 3800 })),
});

describe("abandoned carts with their restore links", () => {
  it("keeps every cart in the report, a cart with nothing to restore with an empty link", async () => {
    const links = {
      linkFor: () => Promise.reject(new Error("not used")),
      linksFor: async (carts: readonly { key: string; lines: unknown[] }[]) =>
        new Map(carts.filter((c) => c.lines.length > 0).map((c) => [c.key, { url: `https://shop.example.com/cart/restore/${c.key}`, createdAt: 1, expiresAt: 1_800_604_800, created: true }])),
    };
    const linked = await withRestoreLinks(links, [cart("t_a"), cart("t_b", [])], 1_800_000_000);
    expect(linked.map((c) => [c.key, c.restoreUrl, c.restoreExpiresAt])).toEqual([
      ["t_a", "https://shop.example.com/cart/restore/t_a", 1_800_604_800],
      ["t_b", null, null],
    ]);
    expect(abandonedCartsCsv(linked)).toBe(
      CSV_HEADER +
        "t_a,guest,ada@example.com,2,2 x Linen Apron,76.00,USD,2027-01-15T08:00:00.000Z,https://shop.example.com/cart/restore/t_a,2027-01-22T08:00:00.000Z\n" +
        "t_b,guest,,0,,76.00,USD,2027-01-15T08:00:00.000Z,,\n",
    );
  });
});

describe("an abandoned cart as the admin lists it", () => {
  it("has whom to write to (account email, else the checkout email) and the products by name, priced", async () => {
    const { listAbandonedCarts } = await import("./abandoned");
    const entry = (key: string, customerId: string | null, value: object) => ({ key, customerId, expiry: 0, activeUntil: 0, updated: 1, created: 1, bytes: 0, items: 0, value: JSON.stringify(value) });
    const store = {
      listSessions: async () => [
        entry("t_guest", null, { cart: [{ productId: "linen-apron", quantity: 2 }], checkout: { contact: { email: "ada@example.com" } } }),
        entry("c_customer", "7", { cart: [{ productId: "gone", quantity: 1 }], checkout: { contact: { email: "typed@example.com" } } }),
        entry("t_anonymous", null, { cart: [{ productId: "linen-apron", quantity: 1 }] }),
      ],
    } as never;
    const catalog = { list: async () => [{ id: "linen-apron", name: "Linen Apron", description: "", priceCents: 3800, currency: "USD", swatch: "#000000" }], get: async () => null };
    const carts = await listAbandonedCarts(
      { store, decode: (value: string) => JSON.parse(value) as Record<string, unknown>, catalog, emails: async (ids) => new Map(ids.filter((id) => id === "7").map((id) => [id, "account@example.com"])) },
      { now: 1 },
      { limit: 10, offset: 0 },
    );
    expect(carts.map((c) => [c.key, c.email, c.valueCents])).toEqual([
      ["t_guest", "ada@example.com", 7600],
      ["c_customer", "account@example.com", 0],
      ["t_anonymous", null, 3800],
    ]);
    expect(carts[0]?.products).toEqual([{ productId: "linen-apron", name: "Linen Apron", quantity: 2, unitCents: 3800 }]);
    expect(carts[1]?.products[0]?.name).toBe("gone");
  });
});
