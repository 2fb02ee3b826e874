/** Runs once when the server starts (Next.js instrumentation); see lib/startup.ts. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") await (await import("./lib/startup")).validateAtStartup();
}
