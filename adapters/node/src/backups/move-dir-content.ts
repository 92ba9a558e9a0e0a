/**
 * @module Moving a directory's entries into another directory by rename (PocketBase
 * `osutils.MoveDirContent`), undoing the moves already made when one fails.
 */
import { mkdir, readdir, rename } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * Renames every entry of `src` (except those `skip` accepts) into `dst` (created). When a rename
 * fails, the entries already moved are moved back and the error is rethrown.
 */
export async function moveDirContent(
  src: string,
  dst: string,
  skip: (name: string) => boolean,
): Promise<void> {
  await mkdir(dst, { recursive: true })
  const moved: string[] = []
  try {
    for (const name of await readdir(src)) {
      if (skip(name)) {
        continue
      }
      await rename(join(src, name), join(dst, name))
      moved.push(name)
    }
  } catch (err) {
    for (const name of moved.reverse()) {
      await rename(join(dst, name), join(src, name)).catch(() => {})
    }
    throw err
  }
}
