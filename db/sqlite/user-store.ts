import type { User, UserStore } from "../../lib/auth/users";
import type { SqliteDatabase } from "./open";

type Row = { id: number; email: string; name: string; role: string; password_hash: string; created_at: number };

function toUser(row: Row): User {
  return {
    id: String(row.id),
    email: row.email,
    name: row.name,
    role: row.role === "admin" ? "admin" : "customer",
    passwordHash: row.password_hash,
    createdAt: row.created_at,
  };
}

export class SqliteUserStore implements UserStore {
  private readonly statements;

  constructor(db: SqliteDatabase) {
    this.statements = {
      byEmail: db.prepare<[string], Row>("SELECT id, email, name, role, password_hash, created_at FROM users WHERE email = ?"),
      byId: db.prepare<[number], Row>("SELECT id, email, name, role, password_hash, created_at FROM users WHERE id = ?"),
      delete: db.prepare<[number]>("DELETE FROM users WHERE id = ?"),
    };
  }

  async findByEmail(email: string): Promise<User | null> {
    const row = this.statements.byEmail.get(email);
    return row ? toUser(row) : null;
  }

  async findById(id: string): Promise<User | null> {
    if (!/^\d{1,15}$/.test(id)) return null;
    const row = this.statements.byId.get(Number(id));
    return row ? toUser(row) : null;
  }

  async delete(id: string): Promise<boolean> {
    if (!/^\d{1,15}$/.test(id)) return false;
    return this.statements.delete.run(Number(id)).changes > 0;
  }
}
