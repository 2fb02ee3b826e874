import { parseArgs, type ParseArgsOptionsConfig } from "node:util";
import { isCustomerId, isSessionKey } from "../keys.js";

/** Bad command-line input: reported with exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export type FlagValues = Record<string, string | boolean | undefined>;

export interface ParsedArgs {
  values: FlagValues;
  positionals: string[];
}

/** Parses a command's arguments strictly: unknown flags and stray positionals are usage errors. */
export function parseCommandArgs(args: readonly string[], options: ParseArgsOptionsConfig, positionals: { min: number; max: number; usage: string }): ParsedArgs {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split("\n")[0]} (usage: ${positionals.usage})`);
  }
  const count = parsed.positionals.length;
  if (count < positionals.min) throw new UsageError(`missing argument (usage: ${positionals.usage})`);
  if (count > positionals.max) throw new UsageError(`unexpected argument "${parsed.positionals[positionals.max]}" (usage: ${positionals.usage})`);
  return { values: parsed.values as FlagValues, positionals: parsed.positionals };
}

/** A whole number in [min, max], from a flag or positional named `name`. */
export function wholeNumber(raw: string | boolean | undefined, name: string, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const text = String(raw).replace(/_/g, "");
  if (!/^\d+$/.test(text)) throw new UsageError(`${name} must be a whole number, got "${String(raw)}"`);
  const value = Number(text);
  if (value < min || value > max) throw new UsageError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

const UNIT_SECONDS = { d: 86_400, h: 3_600 } as const;

/** `30d` or `12h` in seconds. */
export function duration(raw: string | boolean | undefined, name: string): number {
  const match = typeof raw === "string" ? /^(\d+)([dh])$/.exec(raw.trim()) : null;
  if (!match) throw new UsageError(`${name} needs a duration like 30d or 12h, got "${raw === undefined ? "" : String(raw)}"`);
  const amount = Number(match[1]);
  if (amount < 1) throw new UsageError(`${name} must be at least 1${match[2]}`);
  return amount * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
}

/** A session key (`t_` or `c_` + 30 hex), checked before it reaches any query. */
export function sessionKey(raw: string | undefined): string {
  if (!isSessionKey(raw)) throw new UsageError(`"${raw ?? ""}" is not a session key (t_ or c_ followed by 30 hex characters)`);
  return raw;
}

/** A session key, or else a customer id: whose data an export or erasure is about. */
export function owner(raw: string | undefined): { sessionKey: string } | { customerId: string } {
  if (isSessionKey(raw)) return { sessionKey: raw };
  if (isCustomerId(raw)) return { customerId: raw };
  throw new UsageError(`"${raw ?? ""}" is neither a session key nor a customer id (1 to 255 characters)`);
}
