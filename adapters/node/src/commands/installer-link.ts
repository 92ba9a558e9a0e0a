/**
 * @module The first-run hint of `serve` (PocketBase's `DefaultInstallerFunc`): with no superuser yet,
 * print the dashboard's installer link (a 30 minute token of the temporary installer superuser).
 */
import { installerURL, type App } from '@isobase/core'

/** Prints the installer link when no superuser exists (in the background; failures are logged). */
export function printInstallerLink(app: App, baseURL: string, write: (text: string) => void = (t) => process.stdout.write(t)): Promise<void> {
  return installerURL(app, baseURL)
    .then((url) => {
      if (url) {
        write(
          '\n(!) Launch the URL below in the browser if it hasn\'t been open already to create your first superuser account:\n' +
            url +
            '\n(you can also create your first superuser by running: isobase superuser upsert EMAIL PASS)\n\n',
        )
      }
    })
    .catch((err: unknown) => app.logger.warn('Failed to initialize installer', { error: String(err) }))
}
