/** @module Page-wide notifications; `<pb-toasts>` (mounted by `<pb-app>`) renders them. */

/** Kind of a toast, which sets its colour and how long it stays. */
export type ToastKind = 'success' | 'error' | 'info'

/** One notification. */
export interface Toast {
  readonly id: number
  readonly kind: ToastKind
  readonly message: string
}

/** The window event that carries a new toast. */
export const TOAST_EVENT = 'pb-toast'

let nextId = 1

/** Shows a notification. */
export function toast(message: string, kind: ToastKind = 'success'): void {
  const detail: Toast = { id: nextId++, kind, message }
  window.dispatchEvent(new CustomEvent<Toast>(TOAST_EVENT, { detail }))
}
