import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { makeTempDir } from './temp-dirs.js'

const SCRIPT =
  '#!/bin/sh\n# isobase conformance: accept and discard the message (like a capturing test mailer)\ncat >/dev/null\nexit 0\n'

/**
 * Creates a folder holding a `sendmail` that reads and discards the message and exits 0, and
 * returns the folder (to put first on the server's PATH).
 *
 * Why: with SMTP disabled (as in the fixture), a real `pocketbase serve` falls back to
 * `mailer.Sendmail`, which looks for /usr/sbin/sendmail, /usr/bin/sendmail, then `sendmail` on
 * PATH. Without one, every send fails ("failed to locate a sendmail executable path"), so e.g.
 * `POST /api/settings/test/email` answers 400 instead of 204. The Go test app swaps in a capturing
 * TestMailer instead: sends succeed and deliver nothing. This reproduces that environment for the
 * child process only, without touching any expectation.
 */
export function createFakeSendmailBin(): string {
  const bin = join(makeTempDir('isobase-conformance-'), 'bin')
  mkdirSync(bin)
  const path = join(bin, 'sendmail')
  writeFileSync(path, SCRIPT)
  chmodSync(path, 0o755)
  return bin
}

/** A real sendmail where PocketBase looks before PATH; it would win over the fake one. */
export function systemSendmailPath(): string | undefined {
  return ['/usr/sbin/sendmail', '/usr/bin/sendmail'].find((p) => existsSync(p))
}
