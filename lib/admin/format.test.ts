import { describe, expect, it } from "vitest";
import { formatBytes, formatRelative, formatUtc, plural } from "./format";

describe("admin formatting", () => {
  it("writes sizes, dates and counts plainly", () => {
    expect(formatBytes(null)).toBe("n/a");
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(2048)).toBe("2.0 KB");
    expect(formatBytes(5 * 1_048_576)).toBe("5.0 MB");
    expect(formatUtc(Date.UTC(2026, 10, 25, 14, 5, 59) / 1000)).toBe("2026-11-25 14:05 UTC");
    expect(plural(1, "cart")).toBe("1 cart");
    expect(plural(1_002, "cart")).toBe("1,002 carts");
  });

  it("says how long ago, or how long until", () => {
    const now = 1_800_000_000;
    expect(formatRelative(now - 10, now)).toBe("just now");
    expect(formatRelative(now - 300, now)).toBe("5 min ago");
    expect(formatRelative(now - 7_200, now)).toBe("2 h ago");
    expect(formatRelative(now - 3 * 86_400, now)).toBe("3 days ago");
    expect(formatRelative(now + 3 * 3600, now)).toBe("in 3 h");
  });
});
