import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../db";

// The tables a backup holds, read from the database itself rather than listed by hand, so a table
// a later migration adds is backed up without anyone remembering to: every table of the public
// schema (Cutroom's and the sandboxes'), with the columns that hold data (not the generated ones,
// which the database recomputes), in an order where each table comes after those it refers to.
// Migrations' own record and the job queue are not data: a restore migrates its database itself,
// and the reconciler and archive sweep find again what queued jobs would have done.

export type TableShape = { name: string; columns: string[]; identity: string[] };

export async function rowsOf<T>(db: Db, query: SQL): Promise<T[]> {
  return (((await db.execute(query)) as unknown as { rows: T[] }).rows ?? []) as T[];
}

export async function backupTables(db: Db): Promise<TableShape[]> {
  const columns = await rowsOf<{ table_name: string; column_name: string; is_generated: string; is_identity: string }>(
    db,
    sql`select table_name, column_name, is_generated, is_identity from information_schema.columns
        where table_schema = 'public' and table_name in (
          select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'
        )
        order by table_name, ordinal_position`,
  );
  const references = await rowsOf<{ child: string; parent: string }>(
    db,
    sql`select child.relname as child, parent.relname as parent
        from pg_constraint c
        join pg_class child on child.oid = c.conrelid
        join pg_class parent on parent.oid = c.confrelid
        join pg_namespace n on n.oid = child.relnamespace
        where c.contype = 'f' and n.nspname = 'public'`,
  );
  const shapes = new Map<string, TableShape>();
  for (const column of columns) {
    const shape = shapes.get(column.table_name) ?? { name: column.table_name, columns: [], identity: [] };
    if (column.is_generated !== "ALWAYS") shape.columns.push(column.column_name);
    if (column.is_identity === "YES") shape.identity.push(column.column_name);
    shapes.set(column.table_name, shape);
  }
  const parents = new Map<string, Set<string>>();
  for (const { child, parent } of references) {
    if (child !== parent) parents.set(child, (parents.get(child) ?? new Set()).add(parent));
  }
  // Parents first (a depth-first walk); a cycle would mean rows that cannot be inserted in any order.
  const ordered: TableShape[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (name: string, path: string[]) => {
    if (state.get(name) === "done") return;
    if (state.get(name) === "visiting") throw new Error(`Tables refer to each other in a cycle: ${[...path, name].join(" -> ")}`);
    state.set(name, "visiting");
    for (const parent of [...(parents.get(name) ?? [])].sort()) visit(parent, [...path, name]);
    state.set(name, "done");
    const shape = shapes.get(name);
    if (shape) ordered.push(shape);
  };
  for (const name of [...shapes.keys()].sort()) visit(name, []);
  return ordered;
}

export const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;
