import type { SqlClient, SqlRow } from "cartsession";
import type { User, UserStore } from "../../lib/auth/users";

const COLUMNS = "id, email, name, role, password_hash, created_at";

function toUser(row: SqlRow): User {
  return {
    id: String(row.id),
    email: String(row.email),
    name: String(row.name),
    role: row.role === "admin" ? "admin" : "customer",
    passwordHash: String(row.password_hash),
    createdAt: Number(row.created_at),
  };
}

/** Demo accounts: ids are numbers, handed to the engine as strings. */
export class SqlUserStore implements UserStore {
  constructor(private readonly client: SqlClient) {}

  async findByEmail(email: string): Promise<User | null> {
    const [row] = await this.client.all(`SELECT ${COLUMNS} FROM users WHERE email = ?`, [email]);
    return row ? toUser(row) : null;
  }

  async findById(id: string): Promise<User | null> {
    if (!/^\d{1,15}$/.test(id)) return null;
    const [row] = await this.client.all(`SELECT ${COLUMNS} FROM users WHERE id = ?`, [Number(id)]);
    return row ? toUser(row) : null;
  }

  async updatePasswordHash(id: string, hash: string): Promise<void> {
    if (!/^\d{1,15}$/.test(id)) return;
    await this.client.run("UPDATE users SET password_hash = ? WHERE id = ?", [hash, Number(id)]);
  }

  async delete(id: string): Promise<boolean> {
    if (!/^\d{1,15}$/.test(id)) return false;
    return (await this.client.run("DELETE FROM users WHERE id = ?", [Number(id)])) > 0;
  }
}
