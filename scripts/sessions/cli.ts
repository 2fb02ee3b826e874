import { createSessionStore } from "../../db/client";
import { systemClock } from "../../lib/session/clock";
import { codecFor } from "../../lib/session/encryption";
import { loadConfig } from "../../lib/session/config";
import { parseCommandArgs, UsageError } from "./args";
import type { CliContext } from "./command";
import { describeError } from "./describe-error";
import { helpText } from "./commands/help";
import { commands, findCommand } from "./registry";

export interface CliIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: Record<string, string | undefined>;
}

/** Runs one command and returns the exit code: 0 done, 1 failed, 2 bad command or arguments. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "help" || name === "--help" || name === "-h") {
    io.stdout.write(`${helpText(commands)}\n`);
    return 0;
  }
  try {
    if (name === undefined) throw new UsageError("no command given");
    const command = findCommand(name);
    if (!command) throw new UsageError(`unknown command "${name}"`);
    const usage = `npm run sessions -- ${command.usage}`;
    const args = parseCommandArgs(rest, { ...command.options, json: { type: "boolean" } }, { ...(command.positionals ?? { min: 0, max: 0 }), usage });
    // Every argument is validated (keys included) before the store is opened or queried.
    const input = command.parse(args);
    const config = loadConfig(io.env);
    const store = await createSessionStore(config);
    const context: CliContext = { store, config, clock: systemClock, codec: codecFor(config), stdout: io.stdout, stderr: io.stderr, json: args.values.json === true };
    try {
      await command.run(context, input);
    } finally {
      await store.close();
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`sessions: ${error.message}\nRun "npm run sessions -- help" to see the commands.\n`);
      return 2;
    }
    // CommandFailed (e.g. no such session) and store errors alike: one line, exit code 1.
    io.stderr.write(`sessions: ${await describeError(error, io.env)}\n`);
    return 1;
  }
}
