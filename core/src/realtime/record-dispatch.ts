/**
 * @module From a record change to per-subscriber messages (PocketBase's `realtimeBroadcastRecord`):
 * the subscriptions on the record's topics, grouped by (rule, auth, options), access checked once per
 * group, and the record serialised once per distinct view.
 *
 * Topics: `<collection>/<id>` (viewRule), `<collection>/*` and the bare `<collection>` (listRule), each
 * by collection name and id. A client with two matching subscriptions gets two messages.
 */
import type { App } from '../app.js'
import type { CollectionModel } from '../collections/collection-model.js'
import { SUPERUSERS } from '../collections/system-collections.js'
import type { RecordModel } from '../records/record-model.js'
import { checkRecordAccess, prepareRecordAccess, type AccessCheck } from './record-access.js'
import { recordMessageData } from './record-message.js'
import type { RealtimeBroker } from './realtime-broker.js'
import type { ClientAuth, RealtimeClient } from './realtime-client.js'
import type { RealtimeMessage } from './sse-frame.js'
import { subscriptionTopic, type SubscriptionOptions } from './subscription-options.js'

/** The record actions that produce events. */
export type RecordAction = 'create' | 'update' | 'delete'

/** One message for a list of clients (clients sharing a subscription string share the object). */
export interface Delivery {
  readonly clients: readonly RealtimeClient[]
  readonly message: RealtimeMessage
}

type RuleKind = 'listRule' | 'viewRule'

/** Subscribers sharing a rule, auth data and options: one access check, one serialisation. */
interface Group extends AccessCheck {
  readonly auth: ClientAuth | undefined
  readonly options: SubscriptionOptions
  /** Clients by subscription string (usually one string for the whole group). */
  readonly members: { readonly subscription: string; readonly clients: RealtimeClient[] }[]
}

/** The topics a record's events are published on, with the rule each one is checked with. */
export function recordTopics(record: RecordModel): Map<string, RuleKind> {
  const c = record.collection
  return new Map<string, RuleKind>([
    [`${c.name}/${record.id}`, 'viewRule'],
    [`${c.id}/${record.id}`, 'viewRule'],
    [`${c.name}/*`, 'listRule'],
    [`${c.id}/*`, 'listRule'],
    // note: the bare collection topic is PocketBase's deprecated alias of `<collection>/*`
    [c.name, 'listRule'],
    [c.id, 'listRule'],
  ])
}

/**
 * The key of the group of subscribers checked together: the rule kind, auth data and options.
 *
 * note: the compiled checks are cached per collections snapshot and collection, so keys need no rule
 * text
 */
function groupKey(rule: RuleKind, auth: ClientAuth | undefined, options: SubscriptionOptions) {
  const owner = auth ?? GUEST
  let byOptions = groupKeys.get(owner)
  if (!byOptions) {
    byOptions = new WeakMap()
    groupKeys.set(owner, byOptions)
  }
  let keys = byOptions.get(options)
  if (!keys) {
    keys = { listRule: undefined, viewRule: undefined }
    byOptions.set(options, keys)
  }
  // note: the same string object from event to event, so map lookups reuse its hash
  return (keys[rule] ??= `${rule === 'listRule' ? 'l|' : 'v|'}${auth?.key ?? '-'}|${options.key}`)
}

/**
 * The group keys by auth state (a new object on every auth change) and options object (clients
 * without options share one).
 */
const groupKeys = new WeakMap<
  object,
  WeakMap<SubscriptionOptions, { listRule: string | undefined; viewRule: string | undefined }>
>()
const GUEST = {}

function isSuperuser(auth: ClientAuth | undefined): boolean {
  return auth?.record.collection.name === SUPERUSERS
}

/**
 * The access check of `client`'s subscription with `options` on records of `collection` (the same
 * check as the group {@link resolveRecordEvent} makes for it).
 */
function accessCheckOf(
  client: RealtimeClient,
  collection: CollectionModel,
  rule: RuleKind,
  options: SubscriptionOptions,
): AccessCheck {
  const auth = client.authState()
  return {
    rule: collection[rule],
    info: client.requestInfo(options),
    superuser: isSuperuser(auth),
    key: groupKey(rule, auth, options),
  }
}

/**
 * Compiles the access checks of `client`'s current subscriptions ahead of the first event (see
 * `prepareRecordAccess`); subscriptions on unknown topics and view collections are skipped.
 */
export function prepareClientAccess(app: App, client: RealtimeClient): void {
  const byCollection = new Map<CollectionModel, AccessCheck[]>()
  for (const [subscription, options] of client.subscriptions()) {
    const topic = subscriptionTopic(subscription)
    const slash = topic.indexOf('/')
    const name = slash < 0 ? topic : topic.slice(0, slash)
    const collection = app.findCachedCollection(name)
    // note: topics match exactly (see recordTopics), while the lookup ignores case
    if (
      !collection ||
      collection.type === 'view' ||
      (collection.name !== name && collection.id !== name)
    ) {
      continue
    }
    const rule: RuleKind = slash < 0 || topic.slice(slash + 1) === '*' ? 'listRule' : 'viewRule'
    let checks = byCollection.get(collection)
    if (!checks) {
      checks = []
      byCollection.set(collection, checks)
    }
    checks.push(accessCheckOf(client, collection, rule, options))
  }
  for (const [collection, checks] of byCollection) {
    prepareRecordAccess(app, collection, checks)
  }
}

/** The messages `action` on `record` produces for the broker's current subscribers. */
export async function resolveRecordEvent(
  broker: RealtimeBroker,
  action: RecordAction,
  record: RecordModel,
  app: App,
): Promise<Delivery[]> {
  const collection = record.collection
  if (collection.type === 'view') {
    return []
  }
  const groups = new Map<string, Group>()
  for (const [topic, rule] of recordTopics(record)) {
    const clients = broker.clientsOfTopic(topic)
    if (!clients) {
      continue
    }
    for (const client of clients) {
      const auth = client.authState()
      for (const [subscription, options] of client.subscriptionsOf(topic) ?? []) {
        const key = groupKey(rule, auth, options)
        let group = groups.get(key)
        if (!group) {
          // note: a plain literal (a spread here makes slow, dictionary-mode objects)
          group = {
            rule: collection[rule],
            info: client.requestInfo(options),
            superuser: isSuperuser(auth),
            key,
            auth,
            options,
            members: [{ subscription, clients: [client] }],
          }
          groups.set(key, group)
          continue
        }
        const members = group.members
        let m = members[members.length - 1]!
        if (m.subscription !== subscription) {
          m = members.find((x) => x.subscription === subscription) ?? { subscription, clients: [] }
          if (m.clients.length === 0) {
            members.push(m)
          }
        }
        m.clients.push(client)
      }
    }
  }
  if (groups.size === 0) {
    return []
  }

  const all = [...groups.values()]
  const allowed = await checkRecordAccess(app, record, all)
  const visible = all.filter((_, i) => allowed[i])

  // auth records show their email to the owner and to whoever passes the manageRule
  const showEmail = new Map<Group, boolean>()
  if (collection.type === 'auth') {
    const needsCheck: Group[] = []
    for (const g of visible) {
      if (
        g.auth &&
        g.auth.record.id === record.id &&
        g.auth.record.collection.id === collection.id
      ) {
        showEmail.set(g, true)
      } else {
        needsCheck.push(g)
      }
    }
    const manageRule = typeof collection.manageRule === 'string' ? collection.manageRule : null
    const managed = await checkRecordAccess(
      app,
      record,
      needsCheck.map((g) => ({
        rule: manageRule,
        info: g.info,
        superuser: g.superuser,
        key: `m|${g.key}`,
      })),
    )
    needsCheck.forEach((g, i) => showEmail.set(g, managed[i]!))
  }

  const deliveries: Delivery[] = []
  const rendered = new Map<string, Promise<string>>()
  /**
   * One message object per view and subscription string, shared by every group that gets it: its
   * frame bytes are encoded once (see `encodeFrames`) however many groups there are.
   */
  const messages = new Map<string, RealtimeMessage>()
  // enrich hooks may shape the record per subscriber: then each group renders its own
  const perGroup = app.recordHooks.enrich.length > 0
  for (const g of visible) {
    const email = showEmail.get(g) ?? false
    const expand = g.options.query.expand ?? ''
    // note: without expand (or enrich hooks) the output depends only on these flags and `fields`
    const viewKey = `${g.superuser ? 1 : 0}${email ? 1 : 0}|${g.options.query.fields ?? ''}|${
      expand === '' && !perGroup ? '' : `${expand}|${g.key}`
    }`
    let data = rendered.get(viewKey)
    if (!data) {
      data = recordMessageData(app, action, record, {
        info: g.info,
        superuser: g.superuser,
        showEmail: email,
      })
      rendered.set(viewKey, data)
    }
    const text = await data
    for (const { subscription, clients } of g.members) {
      const messageKey = `${viewKey}\u0000${subscription}`
      let message = messages.get(messageKey)
      if (!message) {
        message = { name: subscription, data: text }
        messages.set(messageKey, message)
      }
      deliveries.push({ clients, message })
    }
  }
  return deliveries
}
