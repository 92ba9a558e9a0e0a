/**
 * @module The public migrations API of core: the runner over `_migrations`, JS migration files and
 * their templates, automigrate.
 */
export {
  MIGRATIONS_TABLE,
  MigrationError,
  MigrationsRunner,
  type Migration,
  type MigrationFn,
} from './migrations-runner.js'
export {
  MigrationLoadError,
  functionEvaluator,
  loadJsMigrations,
  migrationGlobals,
  unmarshal,
  type JsMigrationFn,
  type MigrationEvaluator,
  type MigrationSource,
} from './js-migrations.js'
export { JsMigrationApp, JsQuery, JsSettings } from './js-app.js'
export { JsCollection } from './js-collection.js'
export { JsRecord } from './js-record.js'
export { FieldsList } from './js-fields-list.js'
export {
  JS_TYPES_DIRECTIVE,
  diffMaps,
  jsBlankTemplate,
  jsCreateTemplate,
  jsDeleteTemplate,
  jsDiffTemplate,
  jsSnapshotTemplate,
  marshalIndent,
  migrationFileName,
} from './migration-templates.js'
export {
  AUTOMIGRATE_HOOK_ID,
  bindAutomigrate,
  writeCollectionMigration,
  type MigrationFilesWriter,
} from './automigrate.js'
