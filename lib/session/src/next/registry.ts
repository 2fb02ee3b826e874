import type { SessionEngine } from "../engine.js";

/**
 * The engine behind each `CartSessions`, for the package's own CLI when it loads an app's
 * wiring (`cartsession.config.ts`): it then opens the same store, prefix and options, and
 * runs the same hooks, as the app. Internal: no entry point exports it, so the settings
 * (the secrets among them) stay out of every app's reach.
 */
const engines = new WeakMap<object, () => SessionEngine>();

export function registerEngine(sessions: object, engine: () => SessionEngine): void {
  engines.set(sessions, engine);
}

export function engineOf(sessions: unknown): SessionEngine | undefined {
  return typeof sessions === "object" && sessions !== null ? engines.get(sessions)?.() : undefined;
}
