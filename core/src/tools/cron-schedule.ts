/**
 * @module Cron expressions as PocketBase's `tools/cron` reads them: 5 space-separated segments
 * (minute hour day month weekday) with `*`, lists, ranges and steps, plus `@daily`-style macros.
 */

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
}

/** A parsed schedule: the allowed values of each segment. */
export interface CronSchedule {
  readonly minutes: ReadonlySet<number>
  readonly hours: ReadonlySet<number>
  readonly days: ReadonlySet<number>
  readonly months: ReadonlySet<number>
  readonly daysOfWeek: ReadonlySet<number>
}

function atoi(text: string): number {
  if (!/^[+-]?\d+$/.test(text)) {
    throw new Error(`strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax`)
  }
  return Number(text)
}

function parseSegment(segment: string, min: number, max: number): Set<number> {
  const slots = new Set<number>()
  for (const part of segment.split(',')) {
    const stepParts = part.split('/')
    let step = 1
    if (stepParts.length === 2) {
      step = atoi(stepParts[1]!)
      if (step < 1 || step > max) {
        throw new Error(`invalid segment step boundary - the step must be between 1 and the ${max}`)
      }
    } else if (stepParts.length !== 1) {
      throw new Error('invalid segment step format - must be in the format */n or 1-30/n')
    }
    let from: number
    let to: number
    if (stepParts[0] === '*') {
      from = min
      to = max
    } else {
      const range = stepParts[0]!.split('-')
      if (range.length === 1) {
        if (step !== 1) {
          throw new Error('invalid segment step - step > 1 could be used only with the wildcard or range format')
        }
        from = to = atoi(range[0]!)
        if (from < min || from > max) {
          throw new Error('invalid segment value - must be between the min and max of the segment')
        }
      } else if (range.length === 2) {
        from = atoi(range[0]!)
        if (from < min || from > max) {
          throw new Error(`invalid segment range minimum - must be between ${min} and ${max}`)
        }
        to = atoi(range[1]!)
        if (to < from || to > max) {
          throw new Error(`invalid segment range maximum - must be between ${from} and ${max}`)
        }
      } else {
        throw new Error('invalid segment range format - the range must have 1 or 2 parts')
      }
    }
    for (let i = from; i <= to; i += step) {
      slots.add(i)
    }
  }
  return slots
}

/** Parses a cron expression; throws an Error with PocketBase's message when invalid. */
export function parseCronSchedule(expression: string): CronSchedule {
  const expr = MACROS[expression] ?? expression
  const segments = expr.split(' ')
  if (segments.length !== 5) {
    throw new Error('invalid cron expression - must be a valid macro or to have exactly 5 space separated segments')
  }
  return {
    minutes: parseSegment(segments[0]!, 0, 59),
    hours: parseSegment(segments[1]!, 0, 23),
    days: parseSegment(segments[2]!, 1, 31),
    months: parseSegment(segments[3]!, 1, 12),
    daysOfWeek: parseSegment(segments[4]!, 0, 6),
  }
}

/** Whether the schedule fires in the minute of `date` (UTC, as the server clock). */
export function isCronDue(schedule: CronSchedule, date: Date): boolean {
  return (
    schedule.minutes.has(date.getUTCMinutes()) &&
    schedule.hours.has(date.getUTCHours()) &&
    schedule.days.has(date.getUTCDate()) &&
    schedule.months.has(date.getUTCMonth() + 1) &&
    schedule.daysOfWeek.has(date.getUTCDay())
  )
}
