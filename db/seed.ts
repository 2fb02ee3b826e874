import type { DemoTables } from "./types";

/**
 * Demo data: a dozen products and two accounts with published passwords. Seeds run in
 * development and tests, and in production only when DEMO_STORE=1 (what `npm run demo`
 * sets): a real deployment never gets an admin whose password is in the README.
 * Remove them from a database with `npm run demo:unseed`.
 */
export function shouldSeed(env: Record<string, string | undefined> = process.env): boolean {
  return env.NODE_ENV !== "production" || env.DEMO_STORE === "1";
}

export const DEMO_PRODUCTS = [
  ["linen-apron", "Linen Apron", "A stonewashed linen apron with deep pockets and adjustable cross-back straps.", 3800, "#b7a58a"],
  ["enamel-mug", "Enamel Mug", "A 350 ml enamel camp mug with a rolled rim; survives the dishwasher and the campfire.", 1600, "#2f5d8a"],
  ["beeswax-candle", "Beeswax Candle", "Hand-poured pure beeswax pillar; about forty hours of clean, honey-scented light.", 2200, "#e0a526"],
  ["wool-throw", "Wool Throw", "A heavy herringbone throw woven from undyed sheep wool, 130 by 180 cm.", 12500, "#8c8279"],
  ["ceramic-planter", "Ceramic Planter", "A matte stoneware planter with a drainage hole and a matching saucer.", 3400, "#c96f53"],
  ["cotton-tote", "Cotton Tote", "A heavyweight canvas tote with a zip pocket inside; carries a week of groceries.", 1900, "#d8cfb8"],
  ["walnut-board", "Walnut Cutting Board", "An end-grain walnut board, oiled and ready, with a juice groove on one side.", 6800, "#5a3b26"],
  ["glass-carafe", "Glass Carafe", "A one-litre borosilicate carafe with a cork stopper that doubles as a cup.", 2800, "#9fc6c9"],
  ["copper-kettle", "Copper Kettle", "A stovetop kettle in hammered copper with a brass handle; whistles when ready.", 8900, "#b8733f"],
  ["field-notebook", "Field Notebook", "A pocket notebook with 96 dot-grid pages of water-resistant paper.", 900, "#3d6b4f"],
  ["olive-oil-soap", "Olive Oil Soap", "A cold-process bar of olive oil soap, cured for eight weeks, unscented.", 700, "#a3a86b"],
  ["merino-socks", "Merino Socks", "Cushioned merino wool socks that stay warm when wet; one size fits most.", 2400, "#6b4e7d"],
] as const;

/** The demo accounts (README.md; docs/demo.md); hashes of `demo-password` and `admin-password`. */
export const DEMO_USERS = [
  { email: "demo@example.com", name: "Demo Customer", role: "customer", passwordHash: "scrypt$32768$8$1$q+u8lVMKiSf6dunj+rhRtw==$Y+DCZXqFyuEqDaQccAiuybDclUvErCB0kc3Bsu+ijL0=" },
  { email: "admin@example.com", name: "Store Admin", role: "admin", passwordHash: "scrypt$32768$8$1$apHAtsmVjljwLr/0KeHPxw==$8BPKVDnKy3gqWK47uJQCJV2xyAMqHIXWV639jS6Gabo=" },
] as const;

/** Inserts what is missing; never overwrites. */
export async function seedDemo(tables: Pick<DemoTables, "seed">, now: number): Promise<void> {
  await tables.seed(
    DEMO_PRODUCTS.map(([id, name, description, priceCents, swatch], i) => ({ id, name, description, priceCents, swatch, position: i + 1 })),
    DEMO_USERS.map((u) => ({ ...u, createdAt: now })),
  );
}

/** Removes the demo accounts and products (for a database that should not keep them). */
export async function unseedDemo(tables: Pick<DemoTables, "unseed">): Promise<{ users: number; products: number }> {
  return tables.unseed(
    DEMO_USERS.map((u) => u.email),
    DEMO_PRODUCTS.map((p) => p[0]),
  );
}
