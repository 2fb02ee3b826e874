import { sessionKey } from "../args";
import { CommandFailed, defineCommand, emit } from "../command";
import { expiry } from "../format";

export const showCommand = defineCommand({
  name: "show",
  usage: "show <key>",
  summary: "Print a session's stored value as JSON",
  positionals: { min: 1, max: 1 },
  parse: ({ positionals }) => sessionKey(positionals[0]),
  async run(context, key) {
    const row = await context.store.load(key);
    if (!row) throw new CommandFailed(`No session with key ${key}.`);
    const now = context.clock.nowSeconds();
    const value = context.codec.decode(row.value, row.key);
    if (!context.json && row.expiry <= now) context.stderr.write(`note: this session has expired: ${expiry(row.expiry, now)}\n`);
    emit(context, { key: row.key, expiry: row.expiry, expired: row.expiry <= now, version: row.version, value }, (s) =>
      JSON.stringify(s.value, null, 2),
    );
  },
});
