import { z } from "zod";

/**
 * The two checkout steps' fields, kept in the session key `checkout` between steps and
 * reloads (custom checkout fields stored before the order exists).
 */

export const COUNTRIES = [
  { code: "US", name: "United States" },
  { code: "CA", name: "Canada" },
  { code: "GB", name: "United Kingdom" },
  { code: "DE", name: "Germany" },
  { code: "FR", name: "France" },
  { code: "NL", name: "Netherlands" },
] as const;

export const SHIPPING_METHODS = [
  { id: "standard", name: "Standard (3 to 5 days)", priceCents: 500 },
  { id: "express", name: "Express (next day)", priceCents: 1500 },
  { id: "pickup", name: "Pick up in store", priceCents: 0 },
] as const;

type CountryCode = (typeof COUNTRIES)[number]["code"];
type ShippingMethodId = (typeof SHIPPING_METHODS)[number]["id"];

const text = (label: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `Enter your ${label}.`)
    .max(max, `Keep your ${label} under ${max} characters.`);

export const contactSchema = z.object({
  email: z.email("Enter an email address like name@example.com.").max(254, "That email address is too long."),
  fullName: text("full name", 100),
  address: text("street address", 200),
  city: text("city", 100),
  postcode: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9 -]{1,10}$/, "Enter a postcode of 2 to 11 letters or digits."),
  country: z.enum(COUNTRIES.map((c) => c.code) as [CountryCode, ...CountryCode[]], "Choose a country from the list."),
});

export const shippingSchema = z.object({
  method: z.enum(SHIPPING_METHODS.map((m) => m.id) as [ShippingMethodId, ...ShippingMethodId[]], "Choose a shipping method."),
  notes: z.string().trim().max(500, "Keep the delivery notes under 500 characters."),
});

export type ContactFields = z.infer<typeof contactSchema>;
export type ShippingFields = z.infer<typeof shippingSchema>;
export type ContactField = keyof ContactFields;
export type ShippingField = keyof ShippingFields;

/** What the form last sent for each step, valid or not, so nothing typed is ever lost. */
export interface CheckoutDraft {
  contact?: Partial<Record<ContactField, string>>;
  shipping?: Partial<Record<ShippingField, string>>;
}

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

export type StepResult<T, F extends string> = { ok: true; value: T } | { ok: false; errors: FieldErrors<F> };

/** Reads the named fields of a form as strings (a missing field is ""). */
export function formFields<F extends string>(formData: FormData, names: readonly F[]): Record<F, string> {
  const fields = {} as Record<F, string>;
  for (const name of names) {
    const value = formData.get(name);
    // Cap what is kept: the draft lives in the session, whatever a client posts.
    fields[name] = typeof value === "string" ? value.slice(0, 1000) : "";
  }
  return fields;
}

export const CONTACT_FIELDS: readonly ContactField[] = ["email", "fullName", "address", "city", "postcode", "country"];
export const SHIPPING_FIELDS: readonly ShippingField[] = ["method", "notes"];

function validate<T, F extends string>(schema: z.ZodType<T>, input: unknown): StepResult<T, F> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors: FieldErrors<F> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    // The first message per field is the one the shopper needs.
    if (typeof field === "string" && errors[field as F] === undefined) errors[field as F] = issue.message;
  }
  return { ok: false, errors };
}

export function validateContact(input: unknown): StepResult<ContactFields, ContactField> {
  return validate(contactSchema, input ?? {});
}

export function validateShipping(input: unknown): StepResult<ShippingFields, ShippingField> {
  return validate(shippingSchema, input ?? {});
}

export function shippingMethod(id: string) {
  return SHIPPING_METHODS.find((m) => m.id === id);
}

export function countryName(code: string): string {
  return COUNTRIES.find((c) => c.code === code)?.name ?? code;
}
