import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password";

describe("password hashing", () => {
  it("verifies the right password and rejects others", async () => {
    const hash = await hashPassword("demo-password");
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(hash).not.toContain("demo-password");
    expect(await verifyPassword("demo-password", hash)).toBe(true);
    expect(await verifyPassword("demo-passwore", hash)).toBe(false);
    expect(await verifyPassword("", hash)).toBe(false);
  });

  it("salts every hash", async () => {
    expect(await hashPassword("same")).not.toBe(await hashPassword("same"));
  });

  it("treats a malformed stored hash as not matching", async () => {
    for (const bad of ["", "plain", "scrypt$1$2$3$$", "bcrypt$x$y$z$a$b"]) {
      expect(await verifyPassword("x", bad)).toBe(false);
    }
  });
});
