import { createHmac } from "node:crypto";
import type { CleanupReport } from "./cleanup.js";
import { isSessionError } from "./errors.js";

/**
 * OpenTelemetry traces and metrics for the engine's operations (docs/observability.md).
 *
 * `@opentelemetry/api` is an optional peer: it is imported once, at run time, when an engine
 * is created, and only if it is installed. Without it, or with `telemetry: false`, or while
 * no tracer or meter provider is registered, an operation costs one or two checks and
 * builds no attribute object. Nothing here imports the API's types either, so the package's
 * declarations compile without it.
 *
 * Privacy: no session key, customer id, email or cart content is ever put in an attribute,
 * an exception event or a metric label. With `identifiers: "hashed"` spans (never metrics)
 * carry a keyed hash of the session key and customer id, derived from the session secrets.
 */

type AttributeValue = string | number | boolean;
type Attributes = Record<string, AttributeValue>;

/* The few shapes of @opentelemetry/api this module uses, declared structurally. */
interface SpanLike {
  setAttribute(key: string, value: AttributeValue): unknown;
  setAttributes(attributes: Attributes): unknown;
  setStatus(status: { code: number; message?: string }): unknown;
  isRecording(): boolean;
  end(): void;
}
interface TracerLike {
  startSpan(name: string, options?: { kind?: number; attributes?: Attributes }, context?: unknown): SpanLike;
}
interface TracerProviderLike {
  getTracer(name: string): TracerLike;
  /** ProxyTracerProvider: the registered provider's tracer, undefined while none is registered. */
  getDelegateTracer?(name: string): TracerLike | undefined;
}
interface CounterLike {
  add(value: number, attributes?: Attributes): void;
}
interface HistogramLike {
  record(value: number, attributes?: Attributes): void;
}
interface MeterLike {
  createCounter(name: string, options?: { description?: string; unit?: string }): CounterLike;
  createHistogram(name: string, options?: { description?: string; unit?: string; advice?: { explicitBucketBoundaries?: number[] } }): HistogramLike;
  createGauge?(name: string, options?: { description?: string; unit?: string }): HistogramLike;
}
interface MeterProviderLike {
  getMeter(name: string): MeterLike;
}
/** @internal The parts of `@opentelemetry/api` used here. */
export interface OtelApi {
  trace: { getTracerProvider(): TracerProviderLike; setSpan(context: unknown, span: SpanLike): unknown };
  metrics: { getMeterProvider(): MeterProviderLike };
  context: { active(): unknown; with<R>(context: unknown, fn: () => R): R };
  createNoopMeter?(): MeterLike;
}

const SCOPE = "cartsession";
const SPAN_KIND_INTERNAL = 0;
const SPAN_STATUS_ERROR = 2;
/** Seconds, OpenTelemetry's unit for durations; buckets from 0.5 ms to 10 s. */
const DURATION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The spans the engine emits (docs/observability.md lists their attributes). */
export const SPAN = {
  load: "cartsession.session.load",
  save: "cartsession.session.save",
  renew: "cartsession.session.renew",
  login: "cartsession.login",
  logout: "cartsession.logout",
  logoutEverywhere: "cartsession.logout_everywhere",
  erase: "cartsession.erase",
  cleanup: "cartsession.cleanup",
  probe: "cartsession.store.probe",
  proxy: "cartsession.proxy",
} as const;
export type SpanName = (typeof SPAN)[keyof typeof SPAN];

/** The metrics the engine records. */
export const METRIC = {
  created: "cartsession.sessions.created",
  saves: "cartsession.session.saves",
  conflicts: "cartsession.session.conflicts",
  storeErrors: "cartsession.store.errors",
  refused: "cartsession.limit.refused",
  cleanupDeleted: "cartsession.cleanup.deleted",
  cleanupRemaining: "cartsession.cleanup.remaining",
  loadDuration: "cartsession.session.load.duration",
  saveDuration: "cartsession.session.save.duration",
} as const;

interface Instruments {
  created: CounterLike;
  saves: CounterLike;
  conflicts: CounterLike;
  storeErrors: CounterLike;
  refused: CounterLike;
  cleanupDeleted: CounterLike;
  cleanupRemaining: HistogramLike | undefined;
  loadDuration: HistogramLike;
  saveDuration: HistogramLike;
}

function createInstruments(meter: MeterLike): Instruments {
  const duration = (name: string, description: string) =>
    meter.createHistogram(name, { description, unit: "s", advice: { explicitBucketBoundaries: DURATION_BUCKETS } });
  return {
    created: meter.createCounter(METRIC.created, { description: "Session rows created (a guest's first write, a customer's first login).", unit: "{session}" }),
    saves: meter.createCounter(METRIC.saves, { description: "Session saves, by outcome.", unit: "{save}" }),
    conflicts: meter.createCounter(METRIC.conflicts, { description: "Compare-and-swap conflicts: a save lost the race and replayed its changes.", unit: "{conflict}" }),
    storeErrors: meter.createCounter(METRIC.storeErrors, { description: "Store failures, by error.type (store_unavailable is an outage).", unit: "{error}" }),
    refused: meter.createCounter(METRIC.refused, { description: "Requests refused by a rate limit, by limit name.", unit: "{request}" }),
    cleanupDeleted: meter.createCounter(METRIC.cleanupDeleted, { description: "Session rows deleted by cleanup runs.", unit: "{session}" }),
    cleanupRemaining: meter.createGauge?.(METRIC.cleanupRemaining, { description: "Expired rows left when the last cleanup run stopped (-1: the store cannot tell).", unit: "{session}" }),
    loadDuration: duration(METRIC.loadDuration, "How long opening a session took (the store read, and the renewal when due)."),
    saveDuration: duration(METRIC.saveDuration, "How long saving a session took, compare-and-swap retries included."),
  };
}

/** `db.system.name` (OpenTelemetry semantic conventions) for the stores that ship with the package. */
const DB_SYSTEM: Record<string, string> = { sqlite: "sqlite", postgres: "postgresql", redis: "redis" };

/**
 * `error.type` of a failure: the engine error's code (`store_unavailable` exactly when
 * `isStoreUnavailable(error)` is true), else the error's class name, else `_OTHER`. The
 * health probe, the spans and `cartsession.store.errors` all classify with this one function.
 */
export function errorType(error: unknown): string {
  if (isSessionError(error)) return error.code;
  if (error instanceof Error && /^[A-Za-z_$][\w$]{0,63}$/.test(error.name)) return error.name;
  return "_OTHER";
}

/** Failures that come from the store (counted in `cartsession.store.errors`), by `error.type`. */
const STORE_ERROR_TYPES = new Set(["store_unavailable", "outcome_unknown", "store_not_migrated"]);

/* ---------- loading the optional API ---------- */

const API_MODULE = "@opentelemetry/api";
/** Indirect so that bundlers leave the import to run time (and an install without the API builds). */
let importApi: () => Promise<unknown> = () => import(/* webpackIgnore: true */ /* turbopackIgnore: true */ /* @vite-ignore */ API_MODULE);
let apiLoad: Promise<OtelApi | null> | undefined;

function asApi(module: unknown): OtelApi | null {
  const candidates = [module, (module as { default?: unknown } | null)?.default];
  for (const m of candidates) {
    const api = m as Partial<OtelApi> | null | undefined;
    if (api && typeof api.trace?.getTracerProvider === "function" && typeof api.metrics?.getMeterProvider === "function" && typeof api.context?.with === "function") {
      return api as OtelApi;
    }
  }
  return null;
}

/** `@opentelemetry/api` when installed, else null; imported once per process. */
export function loadOtelApi(): Promise<OtelApi | null> {
  apiLoad ??= Promise.resolve()
    .then(() => importApi())
    .then(asApi, () => null);
  return apiLoad;
}

/** @internal Tests: replace how the API is imported (e.g. a failing import: the API is absent). */
export function setOtelApiImporter(importer: (() => Promise<unknown>) | null): void {
  importApi = importer ?? (() => import(/* webpackIgnore: true */ /* turbopackIgnore: true */ /* @vite-ignore */ API_MODULE));
  apiLoad = undefined;
}

/* ---------- one operation's span and metrics ---------- */

/**
 * What an instrumented operation may report while it runs. Exists only when a provider
 * (tracer or meter) is registered: instrumented code calls it as `scope?.set(...)`.
 */
export class OperationScope {
  readonly attributes: Attributes = {};
  retries = 0;
  constructor(
    private readonly telemetry: Telemetry,
    readonly span: SpanLike | undefined,
    private readonly instruments: Instruments | undefined,
  ) {}

  set(key: string, value: AttributeValue): void {
    this.attributes[key] = value;
  }

  /** A compare-and-swap conflict: the save replays its changes. */
  conflict(): void {
    this.retries++;
    this.instruments?.conflicts.add(1, this.telemetry.base());
  }

  /** A session row was created by this save. */
  created(kind: "guest" | "customer"): void {
    this.attributes["cartsession.session.created"] = true;
    this.instruments?.created.add(1, { ...this.telemetry.base(), "cartsession.session.kind": kind });
  }

  /** Who: only with `identifiers: "hashed"`, and only on spans (never metrics), as keyed hashes. */
  identify(who: { sessionKey?: string | null; customerId?: string | null }): void {
    if (!this.span) return;
    const hash = this.telemetry.hash;
    if (!hash) return;
    if (who.sessionKey) this.attributes["cartsession.session.key_hash"] = hash(who.sessionKey);
    if (who.customerId) this.attributes["cartsession.customer.id_hash"] = hash(who.customerId);
  }

  /** A cleanup run's figures, on the span and in the cleanup metrics. */
  cleanup(report: CleanupReport, source: string): void {
    Object.assign(this.attributes, {
      "cartsession.cleanup.source": source,
      "cartsession.cleanup.deleted": report.deleted,
      "cartsession.cleanup.batches": report.batches,
      "cartsession.cleanup.remaining": report.remaining,
      "cartsession.cleanup.purged": report.purge?.deleted ?? 0,
      "cartsession.cleanup.rate_limit_buckets": report.rateLimitBuckets,
    });
    const m = this.instruments;
    if (!m) return;
    const base = this.telemetry.base();
    m.cleanupDeleted.add(report.deleted, { ...base, "cartsession.cleanup.kind": "expired" });
    if (report.purge) m.cleanupDeleted.add(report.purge.deleted, { ...base, "cartsession.cleanup.kind": "purge" });
    m.cleanupRemaining?.record(report.remaining, base);
  }
}

/** Which attribute of an operation its duration histogram and counter are split by. */
const OUTCOME_OF: Partial<Record<SpanName, string>> = {
  [SPAN.load]: "cartsession.load.outcome",
  [SPAN.save]: "cartsession.save.outcome",
};

/** An operation's name in `cartsession.store.errors`: the span name without `cartsession.`. */
const operationOf = (name: SpanName) => name.slice("cartsession.".length);

/**
 * One engine's telemetry. `run` is the only door: with nothing to report to, it calls the
 * operation straight away (no span, no attribute object, no timing).
 */
export class Telemetry {
  /** `HMAC(value)`, 16 hex, when identifiers are hashed. */
  readonly hash: ((value: string) => string) | undefined;
  private api: OtelApi | null = null;
  private settled: boolean;
  private readonly loading: Promise<unknown>;
  private meterProvider: MeterProviderLike | undefined;
  private instruments: Instruments | undefined;
  private baseName: string | undefined | null = null;
  private baseAttributes: Attributes = {};
  /** Errors already counted by an inner operation (a save inside a login fails both). */
  private readonly counted = new WeakSet<object>();

  constructor(
    readonly enabled: boolean,
    options: { hashKey?: Uint8Array; storeName: () => string | undefined; load?: () => Promise<OtelApi | null> },
  ) {
    this.storeName = options.storeName;
    this.hash = options.hashKey ? hmacHex(options.hashKey) : undefined;
    this.settled = !enabled;
    this.loading = enabled
      ? (options.load ?? loadOtelApi)().then((api) => {
          this.api = api;
          this.settled = true;
        })
      : Promise.resolve();
  }

  /** Undefined until a store given as a function has been opened (its name is not known before). */
  private readonly storeName: () => string | undefined;

  /** Resolves once the optional API has been looked for (at once when telemetry is off). */
  ready(): Promise<void> {
    return this.loading.then(() => undefined);
  }

  /** The attributes every span and metric carries: the store's name and `db.system.name` (once the store is known). */
  base(): Attributes {
    const name = this.storeName();
    if (name !== this.baseName) {
      this.baseName = name;
      const system = name === undefined ? undefined : DB_SYSTEM[name];
      this.baseAttributes = name === undefined ? {} : system ? { "cartsession.store": name, "db.system.name": system } : { "cartsession.store": name };
    }
    return this.baseAttributes;
  }

  private tracer(api: OtelApi): TracerLike | undefined {
    const provider = api.trace.getTracerProvider();
    // The API's proxy provider has a delegate only once an app registered a provider.
    if (typeof provider.getDelegateTracer === "function") return provider.getDelegateTracer(SCOPE);
    return provider.getTracer(SCOPE);
  }

  private meters(api: OtelApi): Instruments | undefined {
    const provider = api.metrics.getMeterProvider();
    if (provider !== this.meterProvider) {
      this.meterProvider = provider;
      const meter = provider.getMeter(SCOPE);
      this.instruments = api.createNoopMeter && meter === api.createNoopMeter() ? undefined : createInstruments(meter);
    }
    return this.instruments;
  }

  /**
   * Runs `operation` inside the span `name`, a child of the active span (Next.js's request
   * span), and records its metrics. Without a registered provider: `operation(undefined)`.
   */
  run<T>(name: SpanName, operation: (scope: OperationScope | undefined) => Promise<T>): Promise<T> {
    if (!this.enabled) return operation(undefined);
    if (!this.settled) return this.loading.then(() => this.run(name, operation));
    const api = this.api;
    if (api === null) return operation(undefined);
    const tracer = this.tracer(api);
    const instruments = this.meters(api);
    if (!tracer && !instruments) return operation(undefined);
    return this.traced(api, tracer, instruments, name, operation);
  }

  private async traced<T>(
    api: OtelApi,
    tracer: TracerLike | undefined,
    instruments: Instruments | undefined,
    name: SpanName,
    operation: (scope: OperationScope) => Promise<T>,
  ): Promise<T> {
    const parent = api.context.active();
    const started = tracer?.startSpan(name, { kind: SPAN_KIND_INTERNAL, attributes: this.base() }, parent);
    // A span the sampler dropped is ended at once and not made active: children follow the parent's decision.
    const span = started?.isRecording() ? started : (started?.end(), undefined);
    const scope = new OperationScope(this, span, instruments);
    const t0 = performance.now();
    let failure: unknown;
    let failed = false;
    try {
      return span ? await api.context.with(api.trace.setSpan(parent, span), () => operation(scope)) : await operation(scope);
    } catch (error) {
      failed = true;
      failure = error;
      throw error;
    } finally {
      const seconds = (performance.now() - t0) / 1000;
      const outcomeKey = OUTCOME_OF[name];
      if (failed) {
        const type = errorType(failure);
        scope.attributes["error.type"] = type;
        if (outcomeKey) scope.attributes[outcomeKey] = "error";
        this.countStoreError(failure, type, name, instruments);
      }
      if (scope.retries > 0 || name === SPAN.save) scope.attributes["cartsession.save.retries"] = scope.retries;
      if (span) {
        // The store may have been opened during the operation: its name is known now.
        span.setAttributes(this.base());
        span.setAttributes(scope.attributes);
        // The status message is the error's type only: messages may name a customer.
        if (failed || scope.attributes["error.type"] !== undefined) span.setStatus({ code: SPAN_STATUS_ERROR, message: String(scope.attributes["error.type"]) });
        span.end();
      }
      if (instruments && outcomeKey) {
        const outcome = scope.attributes[outcomeKey];
        const labels = outcome === undefined ? this.base() : { ...this.base(), [outcomeKey]: outcome };
        if (name === SPAN.load) instruments.loadDuration.record(seconds, labels);
        else {
          instruments.saveDuration.record(seconds, labels);
          instruments.saves.add(1, labels);
        }
      }
    }
  }

  private countStoreError(error: unknown, type: string, name: SpanName, instruments: Instruments | undefined): void {
    if (!instruments || !STORE_ERROR_TYPES.has(type)) return;
    if (typeof error === "object" && error !== null) {
      if (this.counted.has(error)) return;
      this.counted.add(error);
    }
    instruments.storeErrors.add(1, { ...this.base(), "error.type": type, "cartsession.operation": operationOf(name) });
  }

  /**
   * A failure an operation handled itself (the health probe answers "unavailable" instead
   * of throwing): marks the span and counts it exactly as a thrown store error.
   */
  failed(scope: OperationScope | undefined, error: unknown, name: SpanName): void {
    if (!scope) return;
    const type = errorType(error);
    scope.attributes["error.type"] = type;
    this.countStoreError(error, type, name, this.api ? this.meters(this.api) : undefined);
  }

  /** A request refused by the rate limit `limit` (`new-session`, or an app's own). */
  refused(limit: string): void {
    if (!this.enabled || this.api === null) return;
    this.meters(this.api)?.refused.add(1, { ...this.base(), "cartsession.limit.name": limit });
  }
}

function hmacHex(key: Uint8Array): (value: string) => string {
  return (value) => createHmac("sha256", key).update(value, "utf8").digest("hex").slice(0, 16);
}

/** Telemetry that never reports (engines built without one, e.g. in tests of other modules). */
export const NO_TELEMETRY = new Telemetry(false, { storeName: () => undefined });
