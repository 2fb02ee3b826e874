import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { createHash } from "node:crypto";
import { sealData } from "iron-session";

const PORT = Number(process.env.E2E_PORT ?? 3210);
const BASE_URL = `http://localhost:${PORT}`;
// playwright.config.ts starts the server with this secret; the test seals an expired token with it.
const E2E_SECRET = "e2e-secret-e2e-secret-e2e-secret-e2e-secret";

type Cart = {
  items: { productId: string; name: string; unitPrice: number; quantity: number; lineTotal: number }[];
  itemCount: number;
  subtotal: number;
  currency: string;
  cartHash: string;
};

async function expectCart(response: APIResponse, status = 200): Promise<Cart> {
  expect(response.status(), await response.text()).toBe(status);
  expect(response.headers()["cache-control"]).toBe("private, no-store");
  expect(response.headers()["cart-token"]).toMatch(/^Fe26\.2\*/);
  expect(response.headers()["access-control-expose-headers"]).toBe("Cart-Token");
  return (await response.json()) as Cart;
}

async function expectError(response: APIResponse, status: number, code: string): Promise<void> {
  expect(response.status(), await response.text()).toBe(status);
  expect(response.headers()["cache-control"]).toBe("private, no-store");
  // Even an error tells a headless client which session it is talking to.
  expect(response.headers()["cart-token"]).toMatch(/^Fe26\.2\*/);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
}

/** Bytes sent exactly as given (Playwright would JSON-encode a string). */
function raw(text: string): Buffer {
  return Buffer.from(text, "utf8");
}

function quantities(cart: Cart): Record<string, number> {
  return Object.fromEntries(cart.items.map((item) => [item.productId, item.quantity]));
}

test.describe("the cart API", () => {
  test("lists the demo catalog with prices in cents", async ({ request }) => {
    const response = await request.get("/api/products");
    expect(response.status()).toBe(200);
    expect(response.headers()["cache-control"]).toBe("private, no-store");
    const { products } = (await response.json()) as { products: { id: string; name: string; price: number; currency: string }[] };
    expect(products).toHaveLength(12);
    expect(products[0]).toMatchObject({ id: "linen-apron", name: "Linen Apron", price: 3800, currency: "USD" });
  });

  test("adds, adds to a line, sets, removes and empties", async ({ request }) => {
    let cart = await expectCart(await request.get("/api/cart"));
    expect(cart).toEqual({ items: [], itemCount: 0, subtotal: 0, currency: "USD", cartHash: "" });

    cart = await expectCart(await request.post("/api/cart/items", { data: { productId: "linen-apron", quantity: 2 } }));
    expect(cart.items).toEqual([{ productId: "linen-apron", name: "Linen Apron", swatch: "#b7a58a", unitPrice: 3800, quantity: 2, lineTotal: 7600 }]);
    expect(cart.cartHash).toMatch(/^[0-9a-f]{32}$/);

    cart = await expectCart(await request.post("/api/cart/items", { data: { productId: "linen-apron", quantity: 1 } }));
    cart = await expectCart(await request.post("/api/cart/items", { data: { productId: "enamel-mug", quantity: 4 } }));
    expect(quantities(cart)).toEqual({ "linen-apron": 3, "enamel-mug": 4 });
    expect([cart.itemCount, cart.subtotal]).toEqual([7, 3 * 3800 + 4 * 1600]);

    const hashBefore = cart.cartHash;
    cart = await expectCart(await request.patch("/api/cart/items/enamel-mug", { data: { quantity: 1 } }));
    expect(quantities(cart)).toEqual({ "linen-apron": 3, "enamel-mug": 1 });
    expect(cart.cartHash).not.toBe(hashBefore);

    cart = await expectCart(await request.patch("/api/cart/items/enamel-mug", { data: { quantity: 0 } }));
    expect(quantities(cart)).toEqual({ "linen-apron": 3 });

    cart = await expectCart(await request.delete("/api/cart/items/linen-apron"));
    expect(cart.items).toEqual([]);

    await expectCart(await request.post("/api/cart/items", { data: { productId: "wool-throw", quantity: 1 } }));
    cart = await expectCart(await request.delete("/api/cart"));
    expect(cart).toEqual({ items: [], itemCount: 0, subtotal: 0, currency: "USD", cartHash: "" });
  });

  test("answers every bad input with its 4xx error and leaves the cart as it was", async ({ request }) => {
    await expectCart(await request.post("/api/cart/items", { data: { productId: "linen-apron", quantity: 2 } }));
    const before = await expectCart(await request.get("/api/cart"));
    const json = { "content-type": "application/json" };

    const bad: [string, () => Promise<APIResponse>, number, string][] = [
      ["malformed JSON", () => request.post("/api/cart/items", { headers: json, data: raw('{"productId": "linen-apron",') }), 400, "invalid_json"],
      ["an empty body", () => request.post("/api/cart/items", { headers: json, data: raw("") }), 400, "invalid_json"],
      ["a JSON array", () => request.post("/api/cart/items", { data: [{ productId: "linen-apron", quantity: 1 }] }), 400, "invalid_request"],
      ["no productId", () => request.post("/api/cart/items", { data: { quantity: 1 } }), 400, "invalid_request"],
      ["quantity 0 on add", () => request.post("/api/cart/items", { data: { productId: "linen-apron", quantity: 0 } }), 400, "invalid_quantity"],
      ["quantity 1000", () => request.post("/api/cart/items", { data: { productId: "linen-apron", quantity: 1000 } }), 400, "invalid_quantity"],
      ["a negative quantity", () => request.post("/api/cart/items", { data: { productId: "linen-apron", quantity: -3 } }), 400, "invalid_quantity"],
      ["a fractional quantity", () => request.post("/api/cart/items", { data: { productId: "linen-apron", quantity: 1.5 } }), 400, "invalid_quantity"],
      ["a quantity string", () => request.post("/api/cart/items", { data: { productId: "linen-apron", quantity: "2" } }), 400, "invalid_quantity"],
      ["an unknown product", () => request.post("/api/cart/items", { data: { productId: "flux-capacitor", quantity: 1 } }), 404, "unknown_product"],
      ["a product id that is no slug", () => request.post("/api/cart/items", { data: { productId: "../../etc", quantity: 1 } }), 404, "unknown_product"],
      [
        "a body over 16 KiB",
        () => request.post("/api/cart/items", { data: { productId: "linen-apron", quantity: 1, pad: "x".repeat(17 * 1024) } }),
        413,
        "payload_too_large",
      ],
      [
        "a form-encoded body",
        () => request.post("/api/cart/items", { form: { productId: "linen-apron", quantity: "1" } }),
        415,
        "unsupported_media_type",
      ],
      ["PATCH quantity 1000", () => request.patch("/api/cart/items/linen-apron", { data: { quantity: 1000 } }), 400, "invalid_quantity"],
      ["PATCH quantity -1", () => request.patch("/api/cart/items/linen-apron", { data: { quantity: -1 } }), 400, "invalid_quantity"],
      ["PATCH without quantity", () => request.patch("/api/cart/items/linen-apron", { data: {} }), 400, "invalid_quantity"],
      ["PATCH malformed JSON", () => request.patch("/api/cart/items/linen-apron", { headers: json, data: raw("{quantity: 1}") }), 400, "invalid_json"],
      ["PATCH an unknown product", () => request.patch("/api/cart/items/flux-capacitor", { data: { quantity: 1 } }), 404, "unknown_product"],
      ["PATCH a product not in the cart", () => request.patch("/api/cart/items/enamel-mug", { data: { quantity: 1 } }), 404, "not_in_cart"],
      [
        "PATCH a body over 16 KiB",
        () => request.patch("/api/cart/items/linen-apron", { data: { quantity: 1, pad: "x".repeat(20_000) } }),
        413,
        "payload_too_large",
      ],
      ["DELETE an unknown product", () => request.delete("/api/cart/items/flux-capacitor"), 404, "unknown_product"],
      ["DELETE a product not in the cart", () => request.delete("/api/cart/items/enamel-mug"), 404, "not_in_cart"],
    ];
    for (const [name, send, status, code] of bad) {
      await test.step(name, async () => {
        await expectError(await send(), status, code);
        const after = await expectCart(await request.get("/api/cart"));
        expect(after.items, `${name} left the cart unchanged`).toEqual(before.items);
        expect(after.cartHash).toBe(before.cartHash);
      });
    }
  });
});

test.describe("Cart-Token for headless clients", () => {
  /** One request from a client that keeps no cookies at all. */
  async function headless(
    playwright: { request: { newContext(options: { baseURL: string }): Promise<APIRequestContext> } },
    method: "get" | "post",
    path: string,
    options: { token?: string; data?: unknown } = {},
  ): Promise<APIResponse & { bodyJson: unknown }> {
    const client = await playwright.request.newContext({ baseURL: BASE_URL });
    const headers = options.token ? { "Cart-Token": options.token } : undefined;
    const response = method === "get" ? await client.get(path, { headers }) : await client.post(path, { headers, data: options.data });
    const bodyJson: unknown = await response.json();
    const result = Object.assign(response, { bodyJson });
    await client.dispose();
    return result;
  }

  test("an add retried with its Idempotency-Key is applied once and answered as the first time; the key on another body is refused", async ({ playwright }) => {
    const client = await playwright.request.newContext({ baseURL: BASE_URL });
    try {
      const first = await client.post("/api/cart/items", { data: { productId: "linen-apron", quantity: 1 } });
      const token = first.headers()["cart-token"]!;
      const key = `e2e-${Date.now()}-${Math.random().toString(16).slice(2)}`;
      const add = () => client.post("/api/cart/items", { headers: { "Cart-Token": token, "Idempotency-Key": key }, data: { productId: "enamel-mug", quantity: 2 } });
      const applied = await add();
      expect(applied.status()).toBe(200);
      const retried = await add();
      expect(retried.status()).toBe(200);
      expect(retried.headers()["idempotent-replayed"]).toBe("true");
      expect(await retried.json()).toEqual(await applied.json());
      const read = await client.get("/api/cart", { headers: { "Cart-Token": token } });
      expect(quantities((await read.json()) as Cart)).toEqual({ "linen-apron": 1, "enamel-mug": 2 });
      const reused = await client.post("/api/cart/items", { headers: { "Cart-Token": token, "Idempotency-Key": key }, data: { productId: "enamel-mug", quantity: 5 } });
      expect(reused.status()).toBe(422);
      expect(((await reused.json()) as { error: { code: string } }).error.code).toBe("idempotency_key_reused");
    } finally {
      await client.dispose();
    }
  });

  test("a client without cookies keeps its cart by sending the token back", async ({ playwright }) => {
    const first = await headless(playwright, "post", "/api/cart/items", { data: { productId: "linen-apron", quantity: 1 } });
    expect(first.status()).toBe(200);
    const token = first.headers()["cart-token"]!;
    expect(token).toMatch(/^Fe26\.2\*/);
    expect((first.bodyJson as Cart).itemCount).toBe(1);

    const second = await headless(playwright, "post", "/api/cart/items", { token, data: { productId: "enamel-mug", quantity: 2 } });
    expect(quantities(second.bodyJson as Cart)).toEqual({ "linen-apron": 1, "enamel-mug": 2 });
    const latest = second.headers()["cart-token"]!;

    const read = await headless(playwright, "get", "/api/cart", { token: latest });
    expect(quantities(read.bodyJson as Cart)).toEqual({ "linen-apron": 1, "enamel-mug": 2 });
    const a = await headless(playwright, "get", "/api/session", { token });
    const b = await headless(playwright, "get", "/api/session", { token: latest });
    expect((a.bodyJson as { customerId: string }).customerId).toBe((b.bodyJson as { customerId: string }).customerId);

    // Without the token the same client is a stranger with an empty cart.
    const anonymous = await headless(playwright, "get", "/api/cart");
    expect((anonymous.bodyJson as Cart).items).toEqual([]);
  });

  test("a forged or expired token gives a fresh guest with an empty cart", async ({ playwright }) => {
    const owner = await headless(playwright, "post", "/api/cart/items", { data: { productId: "wool-throw", quantity: 1 } });
    const token = owner.headers()["cart-token"]!;
    const ownerId = ((await headless(playwright, "get", "/api/session", { token })).bodyJson as { customerId: string }).customerId;

    const tampered = token.slice(0, -4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
    for (const forged of ["Fe26.2*1*forged*token", tampered, "not-a-token"]) {
      const cart = await headless(playwright, "get", "/api/cart", { token: forged });
      expect(cart.status()).toBe(200);
      expect((cart.bodyJson as Cart).items).toEqual([]);
      const session = await headless(playwright, "get", "/api/session", { token: forged });
      expect((session.bodyJson as { customerId: string }).customerId).not.toBe(ownerId);
    }

    // A genuine seal whose session has expired names nobody any more.
    const passwordId = String(parseInt(createHash("sha256").update(E2E_SECRET).digest("hex").slice(0, 8), 16));
    const now = Math.floor(Date.now() / 1000);
    const expired = await sealData(
      { customerId: ownerId, expiration: now - 60, expiring: now - 120, items: 1, cartHash: "", persisted: true },
      { password: { [passwordId]: E2E_SECRET }, ttl: 0 },
    );
    const cart = await headless(playwright, "get", "/api/cart", { token: expired });
    expect((cart.bodyJson as Cart).items).toEqual([]);
    const session = await headless(playwright, "get", "/api/session", { token: expired });
    expect((session.bodyJson as { customerId: string }).customerId).not.toBe(ownerId);
  });
});
