const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are uuids: anything else can name no row, and Postgres would reject it as a uuid (a 500, not a 404). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
