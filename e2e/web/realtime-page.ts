/**
 * @module The realtime test page script: loaded next to `e2e-page.js` by the realtime tests, it puts
 * named official-SDK clients on `window.e2eRealtime` (see `src/realtime/realtime-page-api.ts`).
 */
import PocketBase, { BaseAuthStore } from 'pocketbase'
import type { E2eRealtimeApi, RealtimeEvent } from '../src/realtime/realtime-page-api.js'

const clients = new Map<string, { pb: PocketBase; events: RealtimeEvent[]; disconnects: number }>()

function get(name: string) {
  const c = clients.get(name)
  if (!c) {
    throw new Error(`no realtime client ${name}`)
  }
  return c
}

const api: E2eRealtimeApi = {
  async client(name, email, password) {
    // note: an in-memory auth store per client (the default one shares localStorage between tabs)
    const pb = new PocketBase(location.origin, new BaseAuthStore())
    pb.autoCancellation(false)
    const entry = { pb, events: [] as RealtimeEvent[], disconnects: 0 }
    pb.realtime.onDisconnect = () => {
      entry.disconnects++
    }
    if (email) {
      await pb.collection('rt_users').authWithPassword(email, password ?? '')
    }
    clients.set(name, entry)
  },
  async subscribe(name, collection, topic, options) {
    const c = get(name)
    await c.pb
      .collection(collection)
      .subscribe(topic, (e) => c.events.push(e as RealtimeEvent), options)
  },
  async unsubscribe(name) {
    await get(name).pb.realtime.unsubscribe()
  },
  events(name) {
    return get(name).events
  },
  state(name) {
    const c = get(name)
    return {
      clientId: c.pb.realtime.clientId,
      connected: c.pb.realtime.isConnected,
      disconnects: c.disconnects,
    }
  },
  async create(name, collection, body) {
    const record = await get(name).pb.collection(collection).create(body)
    return record.id
  },
}

window.e2eRealtime = api
