/** Runs once when the server starts (Next.js instrumentation); see lib/startup.ts. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs" && process.env.OTEL_DEMO) {
    // Local OpenTelemetry for watching the engine's spans (docs/observability.md); off by default.
    const otel = await import("./lib/telemetry/demo-otel");
    try {
      const mode = otel.demoTelemetryMode(process.env.OTEL_DEMO);
      if (mode) otel.registerDemoTelemetry(mode);
    } catch (error) {
      console.error(`[otel] cannot start: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    }
  }
  if (process.env.NEXT_RUNTIME === "nodejs") await (await import("./lib/startup")).validateAtStartup();
}
