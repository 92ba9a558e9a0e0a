/**
 * @module Cheap password hashing for test backends: bcrypt cost 4 instead of PocketBase's default 10
 * on every auth collection's password field (about 1 ms instead of ~100 ms per hash in JS), so seeding
 * users and signing in stay fast. Tests that inspect collections see `cost: 4` on those fields.
 */
import type { App } from '@isobase/core'

/** The bcrypt cost test backends use. */
export const TEST_PASSWORD_COST = 4

/**
 * Sets `cost` on the password fields of the existing auth collections that use the default (0), in
 * the stored collections, then reloads the cache. Call it after anything that creates collections.
 */
export async function cheapPasswords(app: App, cost = TEST_PASSWORD_COST): Promise<void> {
  const changed = await app.db().run(
    `UPDATE _collections SET fields = (
       SELECT json_group_array(
         CASE WHEN json_extract(f.value, '$.type') = 'password' AND coalesce(json_extract(f.value, '$.cost'), 0) = 0
           THEN json_set(f.value, '$.cost', ?) ELSE json(f.value) END)
       FROM json_each(_collections.fields) AS f)
     WHERE type = 'auth' AND EXISTS (
       SELECT 1 FROM json_each(_collections.fields) AS f
       WHERE json_extract(f.value, '$.type') = 'password' AND coalesce(json_extract(f.value, '$.cost'), 0) = 0)`,
    [cost],
  )
  if (changed.changes > 0) {
    await app.reloadCachedCollections()
  }
}
