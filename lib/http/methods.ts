import { errorResponse } from "./errors";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
type Handler = () => Promise<Response>;

/**
 * Handlers for the methods a route does not serve, answering 405 in the API's error shape
 * with an `Allow` header (Next.js would answer them with an empty body). Export the ones
 * the route lacks: `export const { PUT, PATCH, DELETE } = notAllowed("GET", "POST")`.
 */
export function notAllowed(...served: Method[]): Record<Method, Handler> {
  const allow = [...served, ...(served.includes("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");
  const handler: Handler = async () => errorResponse(405, "method_not_allowed", `This address answers ${served.join(", ")} only.`, { Allow: allow });
  return { GET: handler, POST: handler, PUT: handler, PATCH: handler, DELETE: handler };
}
