import { describe, expect, it } from "vitest";
import { CONTACT_FIELDS, formFields, validateContact, validateShipping } from "./fields";

const contact = { email: "ada@example.com", fullName: "Ada Lovelace", address: "12 St James's Square", city: "London", postcode: "SW1Y 4JH", country: "GB" };

describe("checkout step 1: contact and address", () => {
  it("accepts a complete address, trimming spaces", () => {
    const result = validateContact({ ...contact, city: "  London " });
    expect(result).toEqual({ ok: true, value: { ...contact, city: "London" } });
  });

  it("names every field that is wrong, with a message a shopper understands", () => {
    const result = validateContact({ email: "ada@", fullName: " ", address: "", city: "London", postcode: "!", country: "XX" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({
      email: "Enter an email address like name@example.com.",
      fullName: "Enter your full name.",
      address: "Enter your street address.",
      postcode: "Enter a postcode of 2 to 11 letters or digits.",
      country: "Choose a country from the list.",
    });
  });

  it("treats nothing stored as every field missing", () => {
    const result = validateContact(undefined);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual([...CONTACT_FIELDS].sort());
  });
});

describe("checkout step 2: shipping and notes", () => {
  it("accepts a known method with optional notes", () => {
    expect(validateShipping({ method: "express", notes: "" })).toEqual({ ok: true, value: { method: "express", notes: "" } });
  });

  it("refuses an unknown method and over-long notes", () => {
    const result = validateShipping({ method: "teleport", notes: "x".repeat(501) });
    expect(result).toEqual({
      ok: false,
      errors: { method: "Choose a shipping method.", notes: "Keep the delivery notes under 500 characters." },
    });
  });
});

describe("formFields", () => {
  it("reads the named fields as strings, missing ones as empty, and caps their length", () => {
    const form = new FormData();
    form.set("email", "ada@example.com");
    form.set("city", "x".repeat(5000));
    form.set("extra", "ignored");
    const fields = formFields(form, CONTACT_FIELDS);
    expect(fields.email).toBe("ada@example.com");
    expect(fields.fullName).toBe("");
    expect(fields.city).toHaveLength(1000);
    expect(fields).not.toHaveProperty("extra");
  });
});
