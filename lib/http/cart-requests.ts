import { z } from "zod";
import { isProductId } from "../cart/catalog";
import { MAX_LINE_QUANTITY } from "../cart/model";
import { ApiError } from "./errors";

/** Request bodies of the cart API (docs/demo.md, "The HTTP cart API"). Extra fields are ignored. */

const quantity = (min: number) =>
  z
    .number(`quantity must be a whole number from ${min} to ${MAX_LINE_QUANTITY}.`)
    .int(`quantity must be a whole number from ${min} to ${MAX_LINE_QUANTITY}.`)
    .min(min, `quantity must be a whole number from ${min} to ${MAX_LINE_QUANTITY}.`)
    .max(MAX_LINE_QUANTITY, `quantity must be a whole number from ${min} to ${MAX_LINE_QUANTITY}.`);

export const addItemSchema = z.object({
  productId: z.string("productId must be a product id string, e.g. \"linen-apron\".").min(1, "productId must not be empty."),
  quantity: quantity(1),
});

export const setQuantitySchema = z.object({ quantity: quantity(0) });

export type AddItemRequest = z.infer<typeof addItemSchema>;
export type SetQuantityRequest = z.infer<typeof setQuantitySchema>;

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ApiError(400, "invalid_request", "The body must be a JSON object.");
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join(".") ?? "";
  const code = field === "quantity" ? "invalid_quantity" : "invalid_request";
  throw new ApiError(400, code, issue?.message ?? "The request body is invalid.");
}

/** `{ productId, quantity }` with quantity 1..999, or a 400 `ApiError`. */
export function parseAddItem(body: unknown): AddItemRequest {
  return parse(addItemSchema, body);
}

/** `{ quantity }` with quantity 0..999 (0 removes the line), or a 400 `ApiError`. */
export function parseSetQuantity(body: unknown): SetQuantityRequest {
  return parse(setQuantitySchema, body);
}

/** An id that cannot be a product is just an unknown product: 404, never a lookup. */
export function unknownProduct(productId: string): ApiError {
  return new ApiError(404, "unknown_product", `There is no product "${productId.slice(0, 64)}".`);
}

export function assertProductIdShape(productId: string): void {
  if (!isProductId(productId)) throw unknownProduct(productId);
}
