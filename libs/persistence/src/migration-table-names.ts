/** Table names that a migration factory can put into its SQL as they are. */
export function checkTableNames(factory: string, tables: readonly string[]): void {
  if (tables.length === 0) throw new Error(`${factory} needs at least one table`);
  for (const table of tables)
    if (!/^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/.test(table))
      throw new Error(`"${table}" is not a schema-qualified lower-case table name`);
}
