import { OptionsError } from "../errors.js";
import { OWNED_TABLES } from "./migrations.js";
import { tableNames } from "./tables.js";

const ROLE = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The least privilege an app's Postgres role needs to run cartsession with `migrate: false`
 * (the tables created by `cartsession migrate` under a privileged role, or by the app's own
 * drizzle-kit): read and write every table the migrations create, and read the journal (when
 * there is one). No sequences: cartsession's tables have none. Derived from the same
 * lists the migrations use, so the documented grants cannot drift from the tables
 * (`cartsession grants <role>` prints them; README, "Least privilege").
 */
export function postgresGrants(role: string, options: { tablePrefix?: string; schema?: string } = {}): string[] {
  if (!ROLE.test(role)) throw new OptionsError("role", `must be a plain lowercase Postgres role name, got "${role}"`);
  const schema = options.schema ?? "public";
  if (!ROLE.test(schema)) throw new OptionsError("schema", `must be a plain lowercase schema name, got "${schema}"`);
  const t = tableNames(options.tablePrefix);
  const quoted = (name: string) => `"${name}"`;
  return [
    `GRANT USAGE ON SCHEMA ${quoted(schema)} TO ${quoted(role)};`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ${OWNED_TABLES(t).map(quoted).join(", ")} TO ${quoted(role)};`,
    `GRANT SELECT ON ${quoted(t.migrations)} TO ${quoted(role)};`,
  ];
}
