/**
 * @module Route table: method + path pattern → handlers, matched by itty-router.
 */
import { Router as IttyRouter } from 'itty-router'
import type { RequestEvent } from './request-event.js'

/**
 * A route handler or route-level middleware. Returning a Response (or setting `e.response`) ends the
 * chain; returning nothing passes to the next handler of the route. Throw an ApiError to fail.
 */
export type RouteHandler = (e: RequestEvent) => Promise<Response | void> | Response | void

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS'

interface IttyLikeRequest {
  method: string
  url: string
  params?: Record<string, string>
  event: RequestEvent
}

/**
 * Routes in itty's pattern syntax (`/api/collections/:collection/records/:id`). HEAD requests use the GET
 * routes, as Go's mux does; a request no route answers resolves to `undefined`.
 */
export class Router {
  readonly #itty = IttyRouter<IttyLikeRequest, [], Response | undefined>()

  get(path: string, ...handlers: RouteHandler[]): this {
    return this.add('GET', path, handlers)
  }
  post(path: string, ...handlers: RouteHandler[]): this {
    return this.add('POST', path, handlers)
  }
  put(path: string, ...handlers: RouteHandler[]): this {
    return this.add('PUT', path, handlers)
  }
  patch(path: string, ...handlers: RouteHandler[]): this {
    return this.add('PATCH', path, handlers)
  }
  delete(path: string, ...handlers: RouteHandler[]): this {
    return this.add('DELETE', path, handlers)
  }
  options(path: string, ...handlers: RouteHandler[]): this {
    return this.add('OPTIONS', path, handlers)
  }

  /** Registers handlers for one method and pattern. */
  add(method: Method, path: string, handlers: RouteHandler[]): this {
    const wrapped = handlers.map((handler) => async (req: IttyLikeRequest) => {
      const e = req.event
      e.params = decodeParams(req.params ?? {})
      const res = await handler(e)
      if (res) {
        e.response = res
      }
      return e.response
    })
    this.#itty[method.toLowerCase() as 'get'](path, ...wrapped)
    return this
  }

  /** Finds and runs the route for the event's request. */
  async dispatch(e: RequestEvent): Promise<Response | undefined> {
    const method = e.request.method === 'HEAD' ? 'GET' : e.request.method
    const req: IttyLikeRequest = { method, url: e.request.url, event: e }
    return this.#itty.fetch(req)
  }
}

function decodeParams(params: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(params)) {
    try {
      out[key] = decodeURIComponent(value)
    } catch {
      out[key] = value
    }
  }
  return out
}
