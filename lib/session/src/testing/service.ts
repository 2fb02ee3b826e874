import net from "node:net";

/** Whether a TCP server answers at `url`'s host and port (`defaultPort` when it names none), within 1.5 s. */
export function serverReachable(url: string, defaultPort: number): Promise<boolean> {
  const target = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(target.port || defaultPort), target.hostname);
    socket.setTimeout(1500);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/**
 * Whether a run can use a test server: on CI (CI set) it is mandatory and an unreachable
 * one fails the run; elsewhere its suites skip, with the reason printed.
 */
export async function serviceOrSkipReason(service: { name: string; url: string; defaultPort: number; envVariable: string }): Promise<string | null> {
  if (await serverReachable(service.url, service.defaultPort)) return null;
  const reason = `${service.name} is not reachable at ${new URL(service.url).host}`;
  if (process.env.CI) throw new Error(`${reason}; it is mandatory on CI`);
  console.log(`[skip] ${reason}: skipping the ${service.name} suites (set ${service.envVariable} to use another server)`);
  return reason;
}
