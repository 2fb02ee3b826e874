import net from "node:net";

/*
 * One readable line for an error the CLI could not handle, in particular a Postgres that
 * cannot be reached. The Neon driver's WebSocket reports that as a bare ErrorEvent with no
 * message and no cause ("[object ErrorEvent]"), so the reason is found by trying the hop
 * the driver tried: the local bridge (NEON_LOCAL_PROXY), the PostgreSQL behind it, or
 * Neon's WebSocket endpoint on the database host.
 */

type Env = Record<string, string | undefined>;

const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EPIPE"]);

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "object" && error !== null && typeof (error as { message?: unknown }).message === "string") return (error as { message: string }).message;
  return String(error);
}

function codeOf(error: unknown): string | undefined {
  const e = error as { code?: unknown; sourceError?: { code?: unknown; cause?: { code?: unknown } }; cause?: { code?: unknown } } | null;
  for (const code of [e?.code, e?.cause?.code, e?.sourceError?.code, e?.sourceError?.cause?.code]) if (typeof code === "string" && code) return code;
  return undefined;
}

/** The driver could not get a connection at all (as opposed to Postgres answering with an error). */
function isConnectionFailure(error: unknown): boolean {
  const isEvent = typeof error === "object" && error !== null && !(error instanceof Error) && (error as { type?: unknown }).type === "error";
  const code = codeOf(error);
  const message = messageOf(error);
  return (
    isEvent ||
    (code !== undefined && NETWORK_CODES.has(code)) ||
    /^Error connecting to database|Connection terminated unexpectedly|could not reach the database/.test(message) ||
    message === ""
  );
}

const REASONS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ETIMEDOUT: "no answer (timed out)",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host name lookup failed",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
};

/** Whether something accepts TCP connections at host:port; the reason when not. */
function probe(host: string, port: number, timeoutMs = 3000): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(timeoutMs);
    socket.once("connect", () => {
      socket.destroy();
      resolve(null);
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolve(REASONS.ETIMEDOUT!);
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(REASONS[error.code ?? ""] ?? error.code ?? error.message));
  });
}

function hostPort(value: string, defaultPort: number): { host: string; port: number; label: string } {
  const url = new URL(value.includes("://") ? value : `tcp://${value}`);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const port = Number(url.port || defaultPort);
  return { host, port, label: `${url.hostname}:${port}` };
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1"]);

/** The line the CLI prints after "sessions: ". */
export async function describeError(error: unknown, env: Env): Promise<string> {
  return (await explain(error, env)).replace(/\s*\n\s*/g, " ");
}

async function explain(error: unknown, env: Env): Promise<string> {
  const databaseUrl = env.DATABASE_URL ?? "";
  if (!/^postgres(ql)?:\/\//.test(databaseUrl) || !isConnectionFailure(error)) return messageOf(error);

  let pg: ReturnType<typeof hostPort>;
  try {
    pg = hostPort(databaseUrl, 5432);
  } catch {
    return messageOf(error);
  }
  const what = `cannot reach PostgreSQL at ${pg.label} through the Neon driver`;
  const proxy = env.NEON_LOCAL_PROXY;

  if (proxy) {
    const bridge = hostPort(proxy, 80);
    const bridgeDown = await probe(bridge.host, bridge.port);
    if (bridgeDown) return `${what}: the local Neon bridge at ${bridge.label} (NEON_LOCAL_PROXY): ${bridgeDown}; is npm run neon:local running?`;
    const pgDown = await probe(pg.host, pg.port);
    if (pgDown) return `${what} and the local bridge at ${bridge.label}: ${pgDown}; is PostgreSQL running at ${pg.label}?`;
    return `${what} and the local bridge at ${bridge.label}: ${messageOf(error) || "the connection failed"}`;
  }

  // Without NEON_LOCAL_PROXY the driver speaks to Neon's WebSocket endpoint, wss://<host>/v2 (port 443).
  const endpoint = `wss://${pg.host.includes(":") ? `[${pg.host}]` : pg.host}/v2`;
  const down = (await probe(pg.host, 443)) ?? (messageOf(error) || "the WebSocket connection failed");
  const hint = LOOPBACK.has(pg.host)
    ? "; a local PostgreSQL needs the bridge: is NEON_LOCAL_PROXY set and npm run neon:local running?"
    : "; check DATABASE_URL and the network";
  return `${what} (WebSocket ${endpoint}): ${down}${hint}`;
}
