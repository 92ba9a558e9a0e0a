/**
 * @module The `superuser` command group of the CLI.
 */
import type { Command } from 'commander'
import {
  superuserCreate,
  superuserDelete,
  superuserIPs,
  superuserOTP,
  superuserUpdate,
  superuserUpsert,
  type SuperuserTarget,
} from './superuser.js'

type Runner = (target: SuperuserTarget, args: string[]) => Promise<void>

/**
 * Adds `superuser upsert|create|update|delete|otp|ips` under `program`; `target` says which app to
 * open (default: the `--dir` flag's directory).
 */
export function bindSuperuserCommands(program: Command, target?: () => SuperuserTarget): void {
  const group = program.command('superuser').description('Manage superusers')
  const add = (name: string, usage: string, description: string, run: Runner) =>
    group
      .command(name)
      .description(description)
      .usage(usage)
      .argument('[args...]')
      .action(async (args: string[]) => {
        await run(target ? target() : program.opts<{ dir: string }>().dir, args)
      })
  add('upsert', 'test@example.com 1234567890', 'Creates, or updates if email exists, a single superuser', superuserUpsert)
  add('create', 'test@example.com 1234567890', 'Creates a new superuser', superuserCreate)
  add('update', 'test@example.com 1234567890', 'Changes the password of a single superuser', superuserUpdate)
  add('delete', 'test@example.com', 'Deletes an existing superuser', superuserDelete)
  add('otp', 'test@example.com', 'Creates a new OTP for the specified superuser', superuserOTP)
  add(
    'ips',
    '127.0.0.1 10.0.0.0/24',
    'Updates the superuser IPs whitelist setting (the IPs/subnets arguments must be space separated; leave empty to clear the whitelist restriction)',
    superuserIPs,
  )
}
