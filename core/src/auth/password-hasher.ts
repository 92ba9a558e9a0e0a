/**
 * @module The bcrypt port: where password hashes are made and checked. The default runs bcryptjs on
 * the calling thread (browser, Service Worker, tests); the Node adapter hands in one that runs the
 * same bcrypt on a worker-thread pool so a login does not stall every other request for ~70 ms.
 */
import bcrypt from 'bcryptjs'

/** Makes and checks bcrypt hashes (`$2a$`/`$2b$`, as PocketBase's `golang.org/x/crypto/bcrypt`). */
export interface PasswordHasher {
  /** A bcrypt hash of `plain` with `cost` rounds (log2) and a fresh random salt. */
  hash(plain: string, cost: number): Promise<string>
  /** Whether `plain` matches the bcrypt `hash` (false for a malformed hash). */
  compare(plain: string, hash: string): Promise<boolean>
}

/** bcryptjs on the calling thread (it yields between rounds, but still uses the one JS thread). */
export const inThreadPasswordHasher: PasswordHasher = {
  hash: (plain, cost) => bcrypt.hash(plain, cost),
  compare: async (plain, hash) => {
    try {
      return await bcrypt.compare(plain, hash)
    } catch {
      return false
    }
  },
}

let current: PasswordHasher = inThreadPasswordHasher

/**
 * Sets the process-wide hasher (`createApp` does, from `Platform.passwordHasher`). Process-wide
 * because password checks run where no app is at hand (`validateRecordPassword(record, plain)`);
 * every hasher computes the same bcrypt, so which one is set only decides which thread does the work.
 */
export function setPasswordHasher(hasher: PasswordHasher): void {
  current = hasher
}

/** The hasher in use. */
export function passwordHasher(): PasswordHasher {
  return current
}
