import { contactSchema } from "./fields";

/**
 * The shopper's email as the session holds it, or null: what they typed at checkout step 1
 * (the `checkout` draft, kept between steps) or, after an order, the order's. Only a value
 * that passes the checkout's own email check counts, so the admin never shows a half-typed one.
 */
export function sessionEmail(data: unknown): string | null {
  const value = data as { checkout?: { contact?: { email?: unknown } } | null; lastOrder?: { email?: unknown } | null } | null;
  for (const candidate of [value?.checkout?.contact?.email, value?.lastOrder?.email]) {
    if (typeof candidate !== "string") continue;
    const parsed = contactSchema.shape.email.safeParse(candidate.trim());
    if (parsed.success) return parsed.data;
  }
  return null;
}
