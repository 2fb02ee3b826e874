/**
 * Turns session data into the stored `session_value` and back. A value that cannot be
 * decoded reads as an empty session and is logged: a corrupt row never crashes a page.
 */
export type SessionData = Record<string, unknown>;

export interface ValueCodec {
  /** `key` is the session key the value is stored under (bound into encrypted envelopes). */
  encode(data: SessionData, key: string): string;
  decode(value: string, key: string): SessionData;
}

function isPlainObject(value: unknown): value is SessionData {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function createJsonCodec(log: (message: string) => void = console.error): ValueCodec {
  return {
    encode: (data) => JSON.stringify(data),
    decode(value, key) {
      try {
        const parsed: unknown = JSON.parse(value);
        if (isPlainObject(parsed)) return parsed;
        log(`[cartsession] session ${key}: stored value is not a JSON object; reading it as empty`);
      } catch {
        log(`[cartsession] session ${key}: stored value is not valid JSON; reading it as empty`);
      }
      return {};
    },
  };
}

export const jsonCodec: ValueCodec = createJsonCodec();
