/**
 * @module The playground page: registers the playground's Service Worker (whose scope is this page's
 * directory), signs the dashboard in as the sample superuser, and runs the visitor's SDK code against
 * the backend in their browser.
 */
import PocketBase, { LocalAuthStore } from 'pocketbase'
import { registerIsobase } from '../src/register.js'
import { PLAYGROUND_SUPERUSER } from './sample-schema.js'

const EXAMPLES: Record<string, string> = {
  'List published posts': `// guests see published posts only (the list rule)
const posts = await pb.collection('posts').getList(1, 20, { sort: '-created', expand: 'author' })
log(posts.items.map((p) => ({ title: p.title, by: p.expand?.author?.name })))`,
  'Sign in as Ann, see her draft': `await pb.collection('users').authWithPassword('ann@example.com', 'sample-password')
log('signed in as', pb.authStore.record.email, '(the session is kept in localStorage)')
const mine = await pb.collection('posts').getFullList({ filter: 'author = {:id}'.replace('{:id}', JSON.stringify(pb.authStore.record.id)) })
log(mine.map((p) => [p.title, p.published ? 'published' : 'draft']))`,
  'Create a post with a cover image': `await pb.collection('users').authWithPassword('ann@example.com', 'sample-password')
const canvas = new OffscreenCanvas(240, 160)
const ctx = canvas.getContext('2d')
ctx.fillStyle = '#4338ca'; ctx.fillRect(0, 0, 240, 160)
ctx.fillStyle = '#fff'; ctx.font = '28px sans-serif'; ctx.fillText('Isobase', 60, 90)
const cover = new File([await canvas.convertToBlob()], 'cover.png', { type: 'image/png' })
const post = await pb.collection('posts').create({ title: 'Made in the playground', published: true, author: pb.authStore.record.id, cover })
log(post)
log('thumb:', pb.files.getURL(post, post.cover, { thumb: '120x80' }))`,
  'Realtime: watch comments': `// subscribe, then add a comment as Bob: the event arrives over the Service Worker's SSE stream
const events = []
const unsubscribe = await pb.collection('comments').subscribe('*', (e) => log('event:', e.action, e.record.text))
const bob = new PocketBase(pb.baseURL)
await bob.collection('users').authWithPassword('bob@example.com', 'sample-password')
await bob.collection('comments').create({ post: 'playgroundpost1', author: bob.authStore.record.id, text: 'Hello at ' + new Date().toLocaleTimeString() })
await new Promise((r) => setTimeout(r, 500))
await unsubscribe()`,
  'Rules at work': `// Bob may not edit Ann's post: PocketBase answers 404, as the record is outside his update rule
const bob = new PocketBase(pb.baseURL)
await bob.collection('users').authWithPassword('bob@example.com', 'sample-password')
try {
  await bob.collection('posts').update('playgroundpost1', { title: 'hijacked' })
} catch (err) {
  log(err.status, err.response)
}`,
  'Superuser: collections and SQL-free stats': `const su = new PocketBase(pb.baseURL)
await su.collection('_superusers').authWithPassword('${PLAYGROUND_SUPERUSER.email}', '${PLAYGROUND_SUPERUSER.password}')
const collections = await su.collections.getFullList({ filter: 'system = false' })
for (const c of collections) {
  const { totalItems } = await su.collection(c.name).getList(1, 1)
  log(c.name, c.type, totalItems + ' records', c.fields.map((f) => f.name).join(', '))
}`,
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T
const output = $<HTMLPreElement>('output')

function log(...values: unknown[]): void {
  const line = values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v, null, 2))).join(' ')
  output.textContent += line + '\n'
  output.scrollTop = output.scrollHeight
}

function state(text: string, error = false): void {
  const el = $('state')
  el.textContent = text
  el.classList.toggle('error', error)
}

async function main(): Promise<void> {
  const scope = new URL('./', location.href)
  await registerIsobase({ url: new URL('playground-sw.js', scope), scope: scope.pathname })
  const baseUrl = scope.href.replace(/\/$/, '')
  $('base').textContent = baseUrl
  // the dashboard (same origin, under `_/`) reads its session from this key
  const admin = new PocketBase(baseUrl, new LocalAuthStore('__isobase_superuser_auth__'))
  await admin.collection('_superusers').authWithPassword(PLAYGROUND_SUPERUSER.email, PLAYGROUND_SUPERUSER.password)
  state('ready')

  const select = $<HTMLSelectElement>('examples')
  const code = $<HTMLTextAreaElement>('code')
  for (const name of Object.keys(EXAMPLES)) {
    select.append(new Option(name, name))
  }
  const pick = () => {
    code.value = EXAMPLES[select.value] ?? ''
  }
  select.onchange = pick
  pick()

  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
    ...args: string[]
  ) => (...values: unknown[]) => Promise<unknown>
  const run = async () => {
    output.textContent = ''
    const pb = new PocketBase(baseUrl)
    pb.autoCancellation(false)
    const t0 = performance.now()
    try {
      const result = await new AsyncFunction('pb', 'log', 'PocketBase', code.value)(pb, log, PocketBase)
      if (result !== undefined) {
        log(result)
      }
      log(`— done in ${(performance.now() - t0).toFixed(0)} ms`)
    } catch (err) {
      log('Error:', err instanceof Error ? err.message : String(err))
      const data = (err as { response?: unknown }).response
      if (data) {
        log(data)
      }
    }
  }
  $('run').onclick = () => void run()
  code.onkeydown = (ev) => {
    if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault()
      void run()
    }
  }

  $('export').onclick = async () => {
    const name = `playground_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}.zip`
    await admin.backups.create(name)
    const token = await admin.files.getToken()
    const a = document.createElement('a')
    a.href = admin.backups.getDownloadURL(token, name)
    a.download = name
    a.click()
    log(`exported ${name}`)
  }
  $<HTMLInputElement>('import').onchange = async (ev) => {
    const file = (ev.target as HTMLInputElement).files?.[0]
    if (!file) return
    const name = file.name.toLowerCase().replace(/[^a-z0-9_-]+/g, '_').replace(/_zip$/, '') + '.zip'
    await admin.backups.upload({ file: new File([file], name, { type: 'application/zip' }) })
    await admin.backups.restore(name)
    log(`restoring ${name}… (the backend restarts; reload the dashboard)`)
  }
  $('reset').onclick = async () => {
    await admin.backups.restore('playground-initial.zip')
    log('reset to the sample data')
  }
  document.body.dataset.ready = 'true'
}

main().catch((err: unknown) => {
  state('failed', true)
  log('The playground could not start:', err instanceof Error ? err.message : String(err))
  log('It needs a browser with Service Workers, served over https or from localhost.')
})
