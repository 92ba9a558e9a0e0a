/**
 * @module `GET|POST /api/realtime` (PocketBase `apis/realtime.go`): the SSE connection, setting a
 * client's subscriptions, record events bound to the record hooks, and keeping clients' auth in step
 * with their auth records and collections.
 */
import type { App } from '../app.js'
import type { CollectionModel } from '../collections/collection-model.js'
import {
  setOAuth2ClientLookup,
  type OAuth2RealtimeClient,
} from '../auth/oauth2/oauth2-redirect-clients.js'
import { badRequest, fieldError, forbidden, notFound, type ErrorData } from '../http/api-error.js'
import { requestIP } from '../http/real-ip.js'
import type { RequestEvent } from '../http/request-event.js'
import { SKIP_SUCCESS_ACTIVITY_LOG } from '../logs/activity-logger.js'
import type { RecordModel } from '../records/record-model.js'
import {
  RealtimeBroker,
  realtimeBroker,
  setRealtimeBroker,
  type BrokerOptions,
} from '../realtime/realtime-broker.js'
import type { RealtimeClient } from '../realtime/realtime-client.js'
import {
  RealtimeConnectRequestEvent,
  RealtimeSubscribeRequestEvent,
} from '../realtime/realtime-events.js'
import type { Delivery } from '../realtime/record-dispatch.js'
import { goMarshal } from '../realtime/sse-frame.js'
import { createSseStream } from '../realtime/sse-stream.js'
import { toString } from '../tools/cast.js'

/** Hook ids of the realtime bindings, so apps can replace them. */
export const REALTIME_HOOK_IDS = Object.freeze({
  terminate: '__pbRealtimeTerminate__',
  authUpdate: '__pbRealtimeAuthUpdate__',
  authDelete: '__pbRealtimeAuthDelete__',
  collectionSecret: '__pbRealtimeCollectionSecret__',
  collectionDelete: '__pbRealtimeCollectionDelete__',
  create: '__pbRealtimeCreate__',
  update: '__pbRealtimeUpdate__',
  deleteDryRun: '__pbRealtimeDeleteDryRun__',
  delete: '__pbRealtimeDelete__',
  deleteError: '__pbRealtimeDeleteError__',
})

const SSE_HEADERS = Object.freeze({
  'content-type': 'text/event-stream',
  'cache-control': 'no-store',
  // note: tells nginx not to buffer the stream (PocketBase sets it too)
  'x-accel-buffering': 'no',
})

/** Registers the realtime routes and hooks on `app`; returns its broker. */
export function bindRealtimeApi(app: App, options: BrokerOptions = {}): RealtimeBroker {
  const broker = new RealtimeBroker(app, options)
  setRealtimeBroker(app, broker)
  setOAuth2ClientLookup(app, (id) => {
    const client = broker.clientById(id)
    return client ? oauth2View(client) : undefined
  })
  app.router.get('/api/realtime', realtimeConnect)
  app.router.post('/api/realtime', realtimeSetSubscriptions)
  bindRealtimeEvents(app, broker)
  app.onTerminate().bind({
    id: REALTIME_HOOK_IDS.terminate,
    priority: -9999,
    func: (e) => {
      broker.close()
      return e.next()
    },
  })
  return broker
}

function brokerOf(app: App): RealtimeBroker {
  const broker = realtimeBroker(app)
  if (!broker) {
    throw notFound()
  }
  return broker
}

/** The view of a client the OAuth2 redirect endpoint works with. */
function oauth2View(client: RealtimeClient): OAuth2RealtimeClient {
  return {
    isDiscarded: () => client.isDiscarded(),
    hasSubscription: (topic) => client.hasSubscription(topic),
    ip: () => client.ip,
    send: (name, data) => client.send({ name, data }),
    unsubscribe: (topic) => client.unsubscribe(topic),
  }
}

// ---------------------------------------------------------------- GET /api/realtime

async function realtimeConnect(e: RequestEvent): Promise<Response> {
  const broker = brokerOf(e.app)
  e.store.set(SKIP_SUCCESS_ACTIVITY_LOG, true)
  if (e.request.method === 'HEAD') {
    // note: a HEAD response has no body, so no client is registered for it
    return new Response(null, { status: 200, headers: SSE_HEADERS })
  }
  const client = broker.newClient()
  client.ip = await requestIP(e)
  const event = new RealtimeConnectRequestEvent(e, client, broker.idleTimeout, broker.maxTimeout)
  let response: Response | undefined
  await broker.hooks.connectRequest.trigger(event, (ce) => {
    const c = ce.client
    broker.register(c)
    ce.app.logger.debug('Realtime connection established', { clientId: c.id })
    c.send({ name: 'PB_CONNECT', data: goMarshal({ clientId: c.id }) })
    const body = createSseStream({
      client: c,
      request: e,
      hooks: broker.hooks,
      idleTimeout: ce.idleTimeout,
      maxTimeout: ce.maxTimeout,
      onEnd: (reason) => {
        ce.app.logger.debug('Realtime connection closed', { clientId: c.id, reason })
        if (broker.clientById(c.id) === c) {
          broker.unregister(c.id)
        } else {
          c.discard()
        }
      },
    })
    response = new Response(body, { status: 200, headers: SSE_HEADERS })
  })
  // note: a hook that stops the chain leaves PocketBase's headers and an empty 200
  return response ?? new Response(null, { status: 200, headers: SSE_HEADERS })
}

// ---------------------------------------------------------------- POST /api/realtime

interface SubscribeForm {
  clientId: string
  subscriptions: string[]
}

/** Reads `{clientId, subscriptions}` as Go's `BindBody` into the form struct; a wrong type is a 400. */
async function readSubscribeForm(e: RequestEvent): Promise<SubscribeForm> {
  const { data } = await e.body()
  const isJson = (e.request.headers.get('content-type') ?? '')
    .toLowerCase()
    .startsWith('application/json')
  const form: SubscribeForm = { clientId: '', subscriptions: [] }
  const clientId = data.clientId
  const subs = data.subscriptions
  if (isJson) {
    if (typeof clientId === 'string') {
      form.clientId = clientId
    } else if (clientId !== undefined && clientId !== null) {
      throw badRequest()
    }
    if (Array.isArray(subs)) {
      for (const s of subs) {
        if (typeof s === 'string') {
          form.subscriptions.push(s)
        } else if (s === null) {
          form.subscriptions.push('')
        } else {
          throw badRequest()
        }
      }
    } else if (subs !== undefined && subs !== null) {
      throw badRequest()
    }
    return form
  }
  // form values: strings (repeated keys are lists; core infers numbers and booleans, Go keeps text)
  form.clientId = toString(Array.isArray(clientId) ? clientId[0] : clientId)
  if (subs !== undefined) {
    form.subscriptions = (Array.isArray(subs) ? subs : [subs]).map((s) => toString(s))
  }
  return form
}

const runeLength = (s: string) => {
  let n = 0
  for (const _ of s) n++
  return n
}

/** ozzo's Length error as the realtime form reports it (params always carry min and max). */
function lengthError(min: number, max: number) {
  return min > 0
    ? fieldError(
        'validation_length_out_of_range',
        `The length must be between ${min} and ${max}.`,
        { max, min },
      )
    : fieldError('validation_length_too_long', `The length must be no more than ${max}.`, {
        max,
        min,
      })
}

function validateSubscribeForm(form: SubscribeForm): ErrorData {
  const errors: ErrorData = {}
  if (form.clientId === '') {
    errors.clientId = fieldError('validation_required', 'Cannot be blank.')
  } else if (runeLength(form.clientId) > 255) {
    errors.clientId = lengthError(1, 255)
  }
  if (form.subscriptions.length > 1000) {
    errors.subscriptions = lengthError(0, 1000)
  } else {
    const each: ErrorData = {}
    form.subscriptions.forEach((s, i) => {
      if (runeLength(s) > 2500) {
        each[String(i)] = lengthError(0, 2500)
      }
    })
    if (Object.keys(each).length > 0) {
      errors.subscriptions = each
    }
  }
  return errors
}

/** Same record (id and collection), or both guests (PocketBase's `isSameAuth`). */
export function isSameAuth(a: RecordModel | undefined, b: RecordModel | undefined): boolean {
  if (!a || !b) {
    return !a && !b
  }
  return a.id === b.id && a.collection.id === b.collection.id
}

async function realtimeSetSubscriptions(e: RequestEvent): Promise<Response> {
  const broker = brokerOf(e.app)
  const form = await readSubscribeForm(e)
  const errors = validateSubscribeForm(form)
  if (Object.keys(errors).length > 0) {
    throw badRequest(undefined, errors)
  }
  const client = broker.clientById(form.clientId)
  if (!client) {
    throw notFound('Missing or invalid client id.')
  }
  // an extra guard against client id guessing: the subscriber must be where the stream goes
  if (client.ip !== undefined && client.ip !== '' && client.ip !== (await requestIP(e))) {
    throw badRequest('Invalid realtime client.')
  }
  // only guest → auth upgrades; any other auth change needs a new connection
  if (client.auth && !isSameAuth(client.auth, e.auth)) {
    throw forbidden("The current and the previous request authorization don't match.")
  }
  const event = new RealtimeSubscribeRequestEvent(e, client, form.subscriptions)
  await broker.hooks.subscribeRequest.trigger(event, (se) => {
    se.client.setAuth(se.request.auth)
    se.client.unsubscribe()
    se.client.subscribe(...se.subscriptions)
    broker.prepareAccess(se.client)
    se.app.logger.debug('Realtime subscriptions updated', {
      clientId: se.client.id,
      subscriptions: se.subscriptions,
    })
    se.request.noContent()
  })
  return e.response ?? e.noContent()
}

// ---------------------------------------------------------------- hooks

/** Clients whose auth record is `id` of collection `collectionName`. */
function clientsWithAuth(
  broker: RealtimeBroker,
  match: (auth: RecordModel) => boolean,
): RealtimeClient[] {
  return broker.clients().filter((c) => c.auth !== undefined && match(c.auth))
}

function unsetAuthOfCollection(broker: RealtimeBroker, collection: CollectionModel): void {
  for (const client of clientsWithAuth(broker, (a) => a.collection.name === collection.name)) {
    client.setAuth(undefined)
  }
}

function authSecret(collection: CollectionModel | undefined): string {
  return toString((collection?.authToken as { secret?: unknown } | undefined)?.secret)
}

/** Record events and auth bookkeeping (PocketBase's `bindRealtimeEvents`). */
function bindRealtimeEvents(app: App, broker: RealtimeBroker): void {
  const rh = app.recordHooks
  const ch = app.collectionHooks

  // a changed collection auth secret revokes the tokens: its clients become guests
  ch.update.bind({
    id: REALTIME_HOOK_IDS.collectionSecret,
    priority: -99,
    func: async (e) => {
      if (e.collection.type !== 'auth') {
        return e.next()
      }
      const before = e.app.findCachedCollection(e.collection.id) ?? e.original
      await e.next()
      if (before && authSecret(before) !== authSecret(e.collection)) {
        unsetAuthOfCollection(broker, e.collection)
      }
    },
  })
  ch.afterDeleteSuccess.bind({
    id: REALTIME_HOOK_IDS.collectionDelete,
    priority: -99,
    func: (e) => {
      if (e.collection.type === 'auth') {
        unsetAuthOfCollection(broker, e.collection)
      }
      return e.next()
    },
  })

  // an updated auth record refreshes the clients' copy; a new tokenKey (password change, …) logs them out
  rh.afterUpdateSuccess.bind({
    id: REALTIME_HOOK_IDS.authUpdate,
    priority: -99,
    func: (e) => {
      const record = e.record
      if (record.collection.type === 'auth') {
        const same = (a: RecordModel) =>
          a.id === record.id && a.collection.name === record.collection.name
        for (const client of clientsWithAuth(broker, same)) {
          const tokenKeyChanged =
            client.auth!.getString('tokenKey') !== record.getString('tokenKey')
          client.setAuth(tokenKeyChanged ? undefined : record.fresh())
        }
      }
      return e.next()
    },
  })
  rh.afterDeleteSuccess.bind({
    id: REALTIME_HOOK_IDS.authDelete,
    priority: -99,
    func: (e) => {
      const record = e.record
      if (record.collection.type === 'auth') {
        const same = (a: RecordModel) =>
          a.id === record.id && a.collection.name === record.collection.name
        for (const client of clientsWithAuth(broker, same)) {
          client.setAuth(undefined)
        }
      }
      return e.next()
    },
  })

  rh.afterCreateSuccess.bind({
    id: REALTIME_HOOK_IDS.create,
    priority: -99,
    func: (e) => {
      broker.publish({ action: 'create', record: e.record })
      return e.next()
    },
  })
  rh.afterUpdateSuccess.bind({
    id: REALTIME_HOOK_IDS.update,
    priority: -99,
    func: (e) => {
      broker.publish({ action: 'update', record: e.record })
      return e.next()
    },
  })

  // deletes: access is checked and the messages built while the row still exists (PocketBase's
  // "dry cache"), then sent once the delete committed; a failed delete sends nothing
  const dryRun = new WeakMap<RecordModel, Promise<Delivery[]>>()
  rh.delete.bind({
    id: REALTIME_HOOK_IDS.deleteDryRun,
    priority: 99,
    func: async (e) => {
      if (broker.totalClients() > 0) {
        // note: like PocketBase, check outside the delete transaction when the driver can read committed
        // data concurrently, so a cascade-deleted record's rule may still rely on its deleted parent
        const outside = e.app.isTransactional() && e.app.rootDb().info.concurrentReads === true
        const resolved = broker.resolve('delete', e.record, outside ? broker.app : e.app)
        await resolved.catch(() => {})
        dryRun.set(e.record, resolved)
      }
      return e.next()
    },
  })
  rh.afterDeleteSuccess.bind({
    id: REALTIME_HOOK_IDS.delete,
    priority: -99,
    func: (e) => {
      const resolved = dryRun.get(e.record)
      if (resolved) {
        dryRun.delete(e.record)
        broker.publish({ action: 'delete', record: e.record, resolved })
      }
      return e.next()
    },
  })
  rh.afterDeleteError.bind({
    id: REALTIME_HOOK_IDS.deleteError,
    priority: -99,
    func: (e) => {
      dryRun.delete(e.record)
      return e.next()
    },
  })
}
