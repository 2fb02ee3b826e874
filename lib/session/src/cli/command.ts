import type { ParseArgsOptionsConfig } from "node:util";
import type { SessionEngine } from "../engine.js";
import type { SessionStore } from "../store/port.js";
import type { ParsedArgs } from "./args.js";

/** What a command runs against; the store is opened only after its arguments are valid. */
export interface CliContext {
  engine: SessionEngine;
  /** The opened store with its capabilities. */
  store: SessionStore;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  /** `--json`: machine-readable output instead of tables. */
  json: boolean;
}

/** A command found a problem that is not a usage error (e.g. no such session): exit code 1. */
export class CommandFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CommandFailed";
  }
}

export interface Command<A = unknown> {
  name: string;
  /** e.g. `list [--page N] [--per-page N]` */
  usage: string;
  summary: string;
  options?: ParseArgsOptionsConfig;
  positionals?: { min: number; max: number };
  /** Turns raw arguments into the command's input; throws UsageError. Runs before the store opens. */
  parse(args: ParsedArgs): A;
  /** The database is not opened for this command (it opens what it needs itself). */
  noStore?: boolean;
  run(context: CliContext, input: A): Promise<void>;
}

/** Lets a registry hold commands with different inputs. */
export function defineCommand<A>(command: Command<A>): Command<unknown> {
  return command as Command<unknown>;
}

/** Prints `data` as JSON with --json, else the human rendering. */
export function emit<T>(context: CliContext, data: T, render: (data: T) => string): void {
  context.stdout.write(`${context.json ? JSON.stringify(data, null, 2) : render(data)}\n`);
}

/** A capability the command needs, or a clear failure naming the store. */
export function requireCapability<T>(store: SessionStore, has: boolean, what: string): T {
  if (!has) throw new CommandFailed(`the ${store.name} store cannot ${what}`);
  return store as unknown as T;
}
