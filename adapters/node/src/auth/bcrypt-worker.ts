/**
 * @module The worker-thread side of {@link BcryptPool}: runs bcryptjs synchronously for one job at a
 * time and posts the answer back. Messages: `{ id, op: 'hash', plain, cost }` → `{ id, value: hash }`,
 * `{ id, op: 'compare', plain, hash }` → `{ id, value: boolean }`; a failure → `{ id, error }`.
 */
import { parentPort } from 'node:worker_threads'
import bcrypt from 'bcryptjs'

/** One job from the pool. */
export type BcryptJob =
  | { readonly id: number; readonly op: 'hash'; readonly plain: string; readonly cost: number }
  | { readonly id: number; readonly op: 'compare'; readonly plain: string; readonly hash: string }

/** One answer to the pool. */
export type BcryptAnswer =
  | { readonly id: number; readonly value: string | boolean }
  | { readonly id: number; readonly error: string }

parentPort?.on('message', (job: BcryptJob) => {
  let answer: BcryptAnswer
  try {
    answer = {
      id: job.id,
      value: job.op === 'hash' ? bcrypt.hashSync(job.plain, job.cost) : bcrypt.compareSync(job.plain, job.hash),
    }
  } catch (err) {
    answer = { id: job.id, error: err instanceof Error ? err.message : String(err) }
  }
  parentPort!.postMessage(answer)
})
