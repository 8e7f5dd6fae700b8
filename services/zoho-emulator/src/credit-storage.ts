// SQLite-backed CreditStorage, so a restarted emulator still remembers the last 24 h of usage.
import type { CreditStorage } from './credit-ledger.ts';
import type { Db } from './database.ts';

export class SqliteCreditStorage implements CreditStorage {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  usedSince(sinceMs: number): number {
    const row = this.#db.prepare('SELECT COALESCE(SUM(credits), 0) AS used FROM credit_ledger WHERE at_ms > ?').get(sinceMs) as { used: number };
    return row.used;
  }

  record(atMs: number, credits: number): void {
    this.#db.prepare('INSERT INTO credit_ledger (at_ms, credits) VALUES (?, ?)').run(atMs, credits);
  }
}
