import { getProducts } from "@/lib/shop";
import { jsonResponse, toErrorResponse } from "@/lib/http/errors";
import { notAllowed } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

/** `{ products: [{ id, name, description, price, currency, swatch }] }`; prices in cents. */
export async function GET(): Promise<Response> {
  try {
    const products = await getProducts();
    return jsonResponse({
      products: products.map((p) => ({ id: p.id, name: p.name, description: p.description, price: p.priceCents, currency: p.currency, swatch: p.swatch })),
    });
  } catch (error) {
    return toErrorResponse(error);
  }
}

/** Every other method: 405 in the error shape, with Allow. */
export const { POST, PUT, PATCH, DELETE } = notAllowed("GET");
