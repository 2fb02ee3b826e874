import { defineCommand, type Command } from "./command";
import { cleanupCommand } from "./commands/cleanup";
import { countCommand } from "./commands/count";
import { deleteCommand } from "./commands/delete";
import { eraseCommand } from "./commands/erase";
import { exportCommand } from "./commands/export";
import { generateCommand } from "./commands/generate";
import { helpText } from "./commands/help";
import { listCommand } from "./commands/list";
import { purgeCommand } from "./commands/purge";
import { showCommand } from "./commands/show";
import { statsCommand } from "./commands/stats";

const helpCommand = defineCommand({
  name: "help",
  usage: "help",
  summary: "Show this help",
  parse: () => undefined,
  async run(context) {
    context.stdout.write(`${helpText(commands)}\n`);
  },
});

export const commands: readonly Command[] = [
  countCommand,
  listCommand,
  showCommand,
  deleteCommand,
  exportCommand,
  eraseCommand,
  cleanupCommand,
  purgeCommand,
  generateCommand,
  statsCommand,
  helpCommand,
];

export function findCommand(name: string): Command | undefined {
  return commands.find((c) => c.name === name);
}
