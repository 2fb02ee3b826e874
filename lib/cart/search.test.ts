import { describe, expect, it } from "vitest";
import type { Product } from "./catalog";
import { parseCatalogQuery, searchCatalog, searchHref } from "./search";

const product = (id: string, name: string, priceCents: number, description = ""): Product => ({ id, name, description, priceCents, currency: "USD", swatch: "#000000" });
const all = [product("mug", "Enamel Mug", 1600, "a camp mug"), product("kettle", "Copper Kettle", 8900, "whistles"), product("soap", "Olive Oil Soap", 700, "unscented bar")];

describe("catalog search and sorting", () => {
  it("finds every word in the name or description, case-insensitively", () => {
    expect(searchCatalog(all, { q: "MUG", sort: "featured" }).map((p) => p.id)).toEqual(["mug"]);
    expect(searchCatalog(all, { q: "unscented soap", sort: "featured" }).map((p) => p.id)).toEqual(["soap"]);
    expect(searchCatalog(all, { q: "nothing", sort: "featured" })).toEqual([]);
  });

  it("sorts by price either way and by name; featured keeps the catalog order", () => {
    expect(searchCatalog(all, { q: "", sort: "price-asc" }).map((p) => p.id)).toEqual(["soap", "mug", "kettle"]);
    expect(searchCatalog(all, { q: "", sort: "price-desc" }).map((p) => p.id)).toEqual(["kettle", "mug", "soap"]);
    expect(searchCatalog(all, { q: "", sort: "name" }).map((p) => p.id)).toEqual(["kettle", "mug", "soap"]);
    expect(searchCatalog(all, { q: "", sort: "featured" }).map((p) => p.id)).toEqual(["mug", "kettle", "soap"]);
  });

  it("reads the query string leniently and writes it back", () => {
    expect(parseCatalogQuery({ q: "  copper   kettle ", sort: "bogus" })).toEqual({ q: "copper kettle", sort: "featured" });
    expect(parseCatalogQuery({ q: ["a", "b"], sort: "name" })).toEqual({ q: "a", sort: "name" });
    expect(searchHref({ q: "copper kettle", sort: "price-asc" })).toBe("/search?q=copper+kettle&sort=price-asc");
    expect(searchHref({ q: "", sort: "featured" })).toBe("/search");
  });
});
