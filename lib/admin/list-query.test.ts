import { describe, expect, it } from "vitest";
import { abandonedHref, parseAbandonedQuery } from "./abandoned";
import { pageWindow, pagerItems, parseSessionListQuery, sessionFilterFor, sessionListHref } from "./list-query";

describe("admin list URLs", () => {
  it("reads filters defensively and falls back to the defaults", () => {
    expect(parseSessionListQuery({})).toEqual({ q: "", kind: "all", status: "all", cart: "all", page: 1, perPage: 25 });
    expect(parseSessionListQuery({ kind: "guest", status: "ended", cart: "open", page: "3", per: "100", q: "  t_ab " })).toEqual({
      q: "t_ab",
      kind: "guest",
      status: "ended",
      cart: "open",
      page: 3,
      perPage: 100,
    });
    expect(parseSessionListQuery({ kind: "robot", status: ["active", "x"], page: "-4", per: "7" })).toMatchObject({ kind: "all", status: "active", page: 1, perPage: 25 });
    expect(parseSessionListQuery({ page: "99999999999" }).page).toBe(100_000);
    expect(parseAbandonedQuery({ idle: "week", kind: "customer", page: "2" })).toEqual({ kind: "customer", idle: "week", page: 2, perPage: 25 });
    expect(parseAbandonedQuery({ idle: "year" }).idle).toBe("window");
  });

  it("writes only what differs from the defaults, in a stable order", () => {
    const q = parseSessionListQuery({});
    expect(sessionListHref(q)).toBe("/admin/sessions");
    expect(sessionListHref(q, { status: "active", page: 2 })).toBe("/admin/sessions?status=active&page=2");
    expect(sessionListHref({ ...q, kind: "customer", perPage: 50 }, { page: 1 })).toBe("/admin/sessions?kind=customer&per=50");
    expect(abandonedHref(parseAbandonedQuery({ idle: "day" }), { page: 4 })).toBe("/admin/abandoned?idle=day&page=4");
  });

  it("turns the choices into a store filter", () => {
    const at = { now: 10 };
    expect(sessionFilterFor({ kind: "all", status: "all", cart: "all" }, at)).toEqual(at);
    expect(sessionFilterFor({ kind: "guest", status: "expired", cart: "empty" }, at)).toEqual({ ...at, kind: "guest", status: ["expired"], cart: "empty" });
  });

  it("pages with a true total and clamps a stale page number", () => {
    expect(pageWindow(0, 1, 25)).toEqual({ total: 0, page: 1, pages: 1, perPage: 25, offset: 0, from: 0, to: 0 });
    expect(pageWindow(1_002, 2, 25)).toMatchObject({ pages: 41, offset: 25, from: 26, to: 50 });
    expect(pageWindow(1_002, 41, 25)).toMatchObject({ from: 1_001, to: 1_002 });
    expect(pageWindow(1_002, 400, 25)).toMatchObject({ page: 41, offset: 1_000 });
  });

  it("shows the first, last and nearby pages with gaps", () => {
    expect(pagerItems(1, 1)).toEqual([1]);
    expect(pagerItems(1, 5)).toEqual([1, 2, null, 5]);
    expect(pagerItems(3, 5)).toEqual([1, 2, 3, 4, 5]);
    expect(pagerItems(20, 41)).toEqual([1, null, 19, 20, 21, null, 41]);
    expect(pagerItems(41, 41)).toEqual([1, null, 40, 41]);
  });
});

describe("a row's status", () => {
  it("matches the store filter's definition: active until the cookie ends, then ended until the row expires", async () => {
    const { statusOf } = await import("./list-query");
    const at = { now: 1_000_000 };
    expect(statusOf({ activeUntil: 1_000_001, expiry: 1_000_150 }, at)).toBe("active");
    expect(statusOf({ activeUntil: 1_000_000, expiry: 1_000_150 }, at)).toBe("ended");
    expect(statusOf({ activeUntil: 999_000, expiry: 1_000_001 }, at)).toBe("ended");
    expect(statusOf({ activeUntil: 999_000, expiry: 1_000_000 }, at)).toBe("expired");
  });
});
