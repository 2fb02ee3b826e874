import { sessionKey } from "../args";
import { CommandFailed, defineCommand, emit } from "../command";

export const deleteCommand = defineCommand({
  name: "delete",
  usage: "delete <key>",
  summary: "Delete one session",
  positionals: { min: 1, max: 1 },
  parse: ({ positionals }) => sessionKey(positionals[0]),
  async run(context, key) {
    if (!(await context.store.delete(key))) throw new CommandFailed(`No session with key ${key}.`);
    emit(context, { deleted: key }, () => `Deleted session ${key}.`);
  },
});
