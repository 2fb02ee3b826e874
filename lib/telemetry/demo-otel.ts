import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { ConsoleMetricExporter, PeriodicExportingMetricReader, type PushMetricExporter, type ResourceMetrics } from "@opentelemetry/sdk-metrics";
import { ConsoleSpanExporter, SimpleSpanProcessor, type ReadableSpan, type SpanExporter } from "@opentelemetry/sdk-trace-base";
import { registerOTel } from "@vercel/otel";

/**
 * The demo's OpenTelemetry, for watching an add-to-cart's spans locally with no network
 * (docs/observability.md). Off unless `OTEL_DEMO` is set:
 *
 *   OTEL_DEMO=console  spans and (every 10 s) metrics printed to the server's stdout
 *   OTEL_DEMO=file     one JSON line per span and per metric export in .data/otel/
 *
 * Anything else is refused at start, so a typo does not silently record nothing.
 */
export type DemoTelemetryMode = "console" | "file";

export function demoTelemetryMode(value: string | undefined): DemoTelemetryMode | null {
  if (value === undefined || value === "" || value === "off") return null;
  if (value === "console" || value === "file") return value;
  throw new Error(`OTEL_DEMO must be "console", "file" or unset, got "${value}"`);
}

/** Appends each finished span to a JSON-lines file. */
class FileSpanExporter implements SpanExporter {
  constructor(private readonly file: string) {}
  export(spans: ReadableSpan[], done: (result: { code: number }) => void): void {
    const lines = spans.map((s) =>
      JSON.stringify({
        name: s.name,
        traceId: s.spanContext().traceId,
        spanId: s.spanContext().spanId,
        parentSpanId: s.parentSpanContext?.spanId,
        startTime: s.startTime,
        durationMs: s.duration[0] * 1e3 + s.duration[1] / 1e6,
        status: s.status,
        attributes: s.attributes,
      }),
    );
    appendFileSync(this.file, lines.map((l) => `${l}\n`).join(""));
    done({ code: 0 });
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** Appends each metric export (cumulative data points) to a JSON-lines file. */
class FileMetricExporter implements PushMetricExporter {
  constructor(private readonly file: string) {}
  export(metrics: ResourceMetrics, done: (result: { code: number }) => void): void {
    const points = metrics.scopeMetrics.flatMap((scope) =>
      scope.metrics.map((m) => ({ name: m.descriptor.name, unit: m.descriptor.unit, points: m.dataPoints.map((p) => ({ attributes: p.attributes, value: p.value })) })),
    );
    appendFileSync(this.file, `${JSON.stringify({ at: new Date().toISOString(), metrics: points })}\n`);
    done({ code: 0 });
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

export function registerDemoTelemetry(mode: DemoTelemetryMode): void {
  let spanExporter: SpanExporter;
  let metricExporter: PushMetricExporter;
  if (mode === "file") {
    const dir = path.join(process.cwd(), ".data", "otel");
    mkdirSync(dir, { recursive: true });
    spanExporter = new FileSpanExporter(path.join(dir, "spans.jsonl"));
    metricExporter = new FileMetricExporter(path.join(dir, "metrics.jsonl"));
    console.log(`[otel] spans and metrics go to ${dir}/spans.jsonl and metrics.jsonl`);
  } else {
    spanExporter = new ConsoleSpanExporter();
    metricExporter = new ConsoleMetricExporter();
  }
  registerOTel({
    serviceName: "cartsession-demo",
    // Local only: no OTLP exporter, and no fetch instrumentation's propagation to other hosts.
    spanProcessors: [new SimpleSpanProcessor(spanExporter)],
    metricReaders: [new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 10_000 })],
  });
}
