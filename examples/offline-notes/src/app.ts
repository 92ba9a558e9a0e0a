/**
 * @module The notes app: plain DOM code over the official PocketBase SDK. By default the backend is
 * Isobase in this site's Service Worker (`sw.js`), so the app works offline and keeps its data in the
 * browser; `?backend=<url>` points the same code at a server instead (`isobase serve`, PocketBase, or
 * a test backend from `@isobase/playwright`).
 */
import PocketBase, { type RecordModel } from 'pocketbase'
import { registerIsobase } from '@isobase/service-worker/register'

interface Note extends RecordModel {
  title: string
  body: string
  attachment: string
  owner: string
  created: string
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T

/** Connects the SDK: to `?backend=` when given, else to the Service Worker of this site. */
async function connect(): Promise<PocketBase> {
  const backend = new URL(location.href).searchParams.get('backend')
  if (backend) {
    $('backend').textContent = `server: ${new URL(backend).host}`
    return new PocketBase(backend)
  }
  const scope = new URL('./', location.href)
  await registerIsobase({ url: new URL('sw.js', scope), scope: scope.pathname })
  $('backend').textContent = 'backend: in this browser'
  return new PocketBase(scope.href)
}

function showNetwork(): void {
  const el = $('network')
  el.textContent = navigator.onLine ? 'online' : 'offline'
  el.classList.toggle('offline', !navigator.onLine)
}

function errorText(err: unknown): string {
  const e = err as { response?: { message?: string; data?: Record<string, { message?: string }> }; message?: string }
  const fields = Object.entries(e.response?.data ?? {}).map(([k, v]) => `${k}: ${v.message ?? ''}`)
  return [e.response?.message ?? e.message ?? String(err), ...fields].join(' ')
}

async function main(): Promise<void> {
  showNetwork()
  addEventListener('online', showNetwork)
  addEventListener('offline', showNetwork)
  const pb = await connect()
  $('status').hidden = true
  let unsubscribe: (() => Promise<void>) | undefined

  const render = (notes: Note[]) => {
    const list = $('list')
    list.replaceChildren(
      ...notes.map((note) => {
        const li = document.createElement('li')
        li.dataset.id = note.id
        if (note.attachment) {
          const isImage = /\.(png|jpe?g|gif|webp)$/i.test(note.attachment)
          const link = document.createElement('a')
          link.href = pb.files.getURL(note, note.attachment)
          link.target = '_blank'
          if (isImage) {
            const img = document.createElement('img')
            img.alt = note.attachment
            img.src = pb.files.getURL(note, note.attachment, { thumb: '100x100' })
            link.append(img)
          } else {
            link.textContent = '📎'
          }
          li.append(link)
        }
        const text = document.createElement('div')
        text.className = 'text'
        const h3 = document.createElement('h3')
        h3.textContent = note.title
        const p = document.createElement('p')
        p.textContent = note.body
        const small = document.createElement('small')
        small.textContent = new Date(note.created.replace(' ', 'T')).toLocaleString()
        text.append(h3, p, small)
        const del = document.createElement('button')
        del.className = 'link'
        del.type = 'button'
        del.textContent = 'Delete'
        del.onclick = () => void pb.collection('notes').delete(note.id)
        li.append(text, del)
        return li
      }),
    )
    $('empty').hidden = notes.length > 0
  }

  const load = async () => {
    try {
      render(await pb.collection('notes').getFullList<Note>({ sort: '-created' }))
    } catch (err) {
      // note: a newer load cancels an older one (the SDK's auto-cancellation); the newer one renders
      if (!(err as { isAbort?: boolean }).isAbort) throw err
    }
  }

  const showSignedIn = async () => {
    const user = pb.authStore.record
    $('auth').hidden = user !== null
    $('notes').hidden = user === null
    $('sign-out').hidden = user === null
    $('who').textContent = user ? String(user.email) : ''
    await unsubscribe?.()
    unsubscribe = undefined
    if (user) {
      await load()
      // changes from other tabs (and this one) arrive through realtime
      unsubscribe = await pb.collection('notes').subscribe('*', () => void load())
    }
  }

  $<HTMLFormElement>('auth-form').addEventListener('submit', async (ev) => {
    ev.preventDefault()
    const form = ev.target as HTMLFormElement
    const data = new FormData(form)
    const email = String(data.get('email'))
    const password = String(data.get('password'))
    const action = ((ev as SubmitEvent).submitter as HTMLButtonElement | null)?.value
    $('auth-error').textContent = ''
    try {
      if (action === 'sign-up') {
        await pb.collection('users').create({ email, password, passwordConfirm: password })
      }
      await pb.collection('users').authWithPassword(email, password)
      form.reset()
      await showSignedIn()
    } catch (err) {
      $('auth-error').textContent = errorText(err)
    }
  })

  $<HTMLFormElement>('note-form').addEventListener('submit', async (ev) => {
    ev.preventDefault()
    const form = ev.target as HTMLFormElement
    const data = new FormData(form)
    const file = data.get('attachment') as File | null
    $('note-error').textContent = ''
    try {
      await pb.collection('notes').create({
        title: data.get('title'),
        body: data.get('body'),
        owner: pb.authStore.record!.id,
        ...(file && file.size > 0 ? { attachment: file } : {}),
      })
      form.reset()
      await load()
    } catch (err) {
      $('note-error').textContent = errorText(err)
    }
  })

  $('sign-out').addEventListener('click', () => {
    pb.authStore.clear()
    void showSignedIn()
  })

  await showSignedIn()
  document.body.dataset.ready = 'true'
}

main().catch((err: unknown) => {
  $('status').hidden = false
  $('status').textContent = `Could not start: ${errorText(err)}`
})
