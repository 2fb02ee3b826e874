import type { SessionData } from "./codec.js";
import type { EngineSettings } from "./options.js";
import type { SessionRecord, SessionStore } from "./store/port.js";

/** Everything cartsession stores about one customer or guest session (a GDPR access request). */
export interface SessionExport {
  sessionKey: string;
  customerId: string | null;
  /** ISO time after which the row is deleted. */
  expiresAt: string;
  /** How many devices are logged in. */
  activeLogins: number;
  data: SessionData;
}

function exportRow(settings: Pick<EngineSettings, "codec">, row: SessionRecord): SessionExport {
  return {
    sessionKey: row.key,
    customerId: row.customerId,
    expiresAt: new Date(row.expiresAt * 1000).toISOString(),
    activeLogins: row.logins.length,
    data: settings.codec.decode(row.value, row.key),
  };
}

/** The stored session of a customer id or a session key (`t_…` / `c_…`), decoded; null when none. */
export async function exportSessionData(store: SessionStore, settings: Pick<EngineSettings, "codec">, who: { customerId: string } | { sessionKey: string }): Promise<SessionExport | null> {
  const row = "customerId" in who ? await store.loadByCustomer(who.customerId) : await store.load(who.sessionKey);
  return row ? exportRow(settings, row) : null;
}

/** Deletes the stored session of a customer id or a session key (GDPR erasure); what was deleted, or null when none existed. */
export async function eraseSessionData(store: SessionStore, who: { customerId: string } | { sessionKey: string }): Promise<{ sessionKey: string; customerId: string | null } | null> {
  const row = "sessionKey" in who ? await store.load(who.sessionKey) : await store.loadByCustomer(who.customerId);
  const key = row?.key ?? ("sessionKey" in who ? who.sessionKey : null);
  if (key === null) return null;
  return (await store.delete(key)) ? { sessionKey: key, customerId: row?.customerId ?? null } : null;
}
