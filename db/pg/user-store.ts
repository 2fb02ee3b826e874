import type { User, UserStore } from "../../lib/auth/users";
import type { PgConnection } from "./connect";

type Row = Record<string, unknown>;

function toUser(row: Row): User {
  return {
    id: String(row.id),
    email: String(row.email),
    name: String(row.name),
    role: row.role === "admin" ? "admin" : "customer",
    passwordHash: String(row.password_hash),
    createdAt: Number(row.created_at),
  };
}

const COLUMNS = "id, email, name, role, password_hash, created_at";

export class PgUserStore implements UserStore {
  constructor(private readonly connection: PgConnection) {}

  async findByEmail(email: string): Promise<User | null> {
    const [row] = (await this.connection.sql.query(`SELECT ${COLUMNS} FROM users WHERE email = $1`, [email])) as Row[];
    return row ? toUser(row) : null;
  }

  async findById(id: string): Promise<User | null> {
    if (!/^\d{1,9}$/.test(id)) return null;
    const [row] = (await this.connection.sql.query(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [Number(id)])) as Row[];
    return row ? toUser(row) : null;
  }

  async delete(id: string): Promise<boolean> {
    if (!/^\d{1,9}$/.test(id)) return false;
    const result = await this.connection.sql.query("DELETE FROM users WHERE id = $1", [Number(id)], { fullResults: true });
    return (result.rowCount ?? 0) > 0;
  }
}
