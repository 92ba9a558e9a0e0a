import { randomBytes } from 'node:crypto'

/** One part of a multipart/form-data body. */
export type FormPart =
  | { name: string; value: string }
  | { name: string; filename: string; content: Uint8Array | string; contentType?: string }

function escapeQuotes(s: string): string {
  return s.replaceAll('\\', '\\\\').replaceAll('"', '\\"')
}

/**
 * A multipart/form-data body laid out like Go's `mime/multipart.Writer`: a random 30-byte hex
 * boundary, `--b\r\n` before the first part and `\r\n--b\r\n` between parts, part headers sorted
 * by name, and `\r\n--b--\r\n` at the end. `CreateFormFile` parts get
 * `Content-Type: application/octet-stream`.
 */
export function multipartBody(parts: readonly FormPart[]): { body: Buffer; contentType: string } {
  const boundary = randomBytes(30).toString('hex')
  const chunks: Buffer[] = []
  parts.forEach((part, i) => {
    chunks.push(Buffer.from(`${i === 0 ? '' : '\r\n'}--${boundary}\r\n`))
    if ('value' in part) {
      chunks.push(
        Buffer.from(`Content-Disposition: form-data; name="${escapeQuotes(part.name)}"\r\n\r\n`),
      )
      chunks.push(Buffer.from(part.value))
    } else {
      chunks.push(
        Buffer.from(
          `Content-Disposition: form-data; name="${escapeQuotes(part.name)}"; filename="${escapeQuotes(part.filename)}"\r\n` +
            `Content-Type: ${part.contentType ?? 'application/octet-stream'}\r\n\r\n`,
        ),
      )
      chunks.push(Buffer.from(part.content))
    }
  })
  chunks.push(Buffer.from(`\r\n--${boundary}--\r\n`))
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` }
}

/**
 * Go's `tests.MockMultipartData(data, fileFields...)`: the data fields, then one file part per
 * file field holding "test", named after a temp file (`/tmp/tmpfile-<n>.txt`).
 */
export function mockMultipartData(
  data: Record<string, string>,
  ...fileFields: string[]
): { body: Buffer; contentType: string } {
  return multipartBody([
    ...Object.entries(data).map(([name, value]) => ({ name, value })),
    ...fileFields.map((name) => ({
      name,
      filename: `/tmp/tmpfile-${randomBytes(5).readUInt32BE(0)}.txt`,
      content: 'test',
    })),
  ])
}
