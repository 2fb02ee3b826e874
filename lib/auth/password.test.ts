import { describe, expect, it } from "vitest";
import { hashPassword, needsRehash, verifyPassword } from "./password";

describe("password hashing", () => {
  it("verifies the right password and rejects others, at OWASP's scrypt minimum (N=2^17, r=8, p=1)", async () => {
    const hash = await hashPassword("demo-password");
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(hash).not.toContain("demo-password");
    expect(await verifyPassword("demo-password", hash)).toBe(true);
    expect(await verifyPassword("demo-passwore", hash)).toBe(false);
    expect(needsRehash(hash)).toBe(false);
  });

  it("salts every hash", async () => {
    expect(await hashPassword("same")).not.toBe(await hashPassword("same"));
  });

  it("still verifies an older, weaker hash and says it needs a re-hash", async () => {
    // Made with N=2^15 (the demo's earlier parameters).
    const old = "scrypt$32768$8$1$c2FsdHNhbHRzYWx0c2FsdA==$";
    expect(needsRehash(old)).toBe(true);
    expect(await verifyPassword("x", `${old}AAAA`)).toBe(false);
  });

  it("treats a malformed or absurd stored hash as not matching", async () => {
    for (const bad of ["", "plain", "scrypt$1$2$3$$", "bcrypt$x$y$z$a$b", "scrypt$2097152$8$1$c2FsdA==$AAAA", "scrypt$16384$64$1$c2FsdA==$AAAA"]) {
      expect(await verifyPassword("x", bad)).toBe(false);
    }
  });

  it("runs one hash at a time and refuses beyond a short queue instead of starving the thread pool", async () => {
    const attempts = Array.from({ length: 20 }, () => verifyPassword("x", "scrypt$1024$8$1$c2FsdHNhbHRzYWx0c2FsdA==$AAAAAAAAAAAAAAAAAAAAAA=="));
    const results = await Promise.allSettled(attempts);
    const refused = results.filter((r) => r.status === "rejected");
    // One runs, 16 wait, the rest are refused at once with rate_limited.
    expect(refused.length).toBe(3);
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: "rate_limited", retryAfter: 1 });
    expect(results.filter((r) => r.status === "fulfilled").every((r) => (r as PromiseFulfilledResult<boolean>).value === false)).toBe(true);
  });
});
