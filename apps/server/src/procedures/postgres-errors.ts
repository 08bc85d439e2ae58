/** Whether a query failed on a unique constraint (PostgreSQL code 23505, from `pg` and PGlite alike). */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '23505';
}
