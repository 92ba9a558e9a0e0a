import assert from 'node:assert/strict'
import { test } from 'node:test'
import { jpegOrientation } from './exif-orientation.js'
import { applyOrientation, crop, fill, fit, resize, type RgbaImage } from './image-resize.js'

function solid(width: number, height: number, rgba = [10, 20, 30, 255]): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4)
  for (let i = 0; i < data.length; i += 4) data.set(rgba, i)
  return { width, height, data }
}

test('sizes of every thumb mode match imaging', () => {
  const src = solid(300, 200)
  const cases: [string, RgbaImage, number, number][] = [
    ['resize 0xH keeps the ratio', resize(src, 0, 50), 75, 50],
    ['resize Wx0 keeps the ratio', resize(src, 70, 0), 70, 47],
    ['fill crops to the box', fill(src, 70, 50, 'center'), 70, 50],
    ['fill top', fill(src, 50, 70, 'top'), 50, 70],
    ['fit stays inside', fit(src, 70, 50), 70, 46],
    ['fit never enlarges', fit(solid(20, 10), 70, 50), 20, 10],
    ['fill on a small image resizes first', fill(solid(40, 30), 20, 20, 'bottom'), 20, 20],
    ['crop clips', crop(src, 290, 190, 50, 50), 10, 10],
  ]
  for (const [name, img, w, h] of cases) {
    assert.deepEqual([img.width, img.height], [w, h], name)
    assert.equal(img.data.length, w * h * 4, name)
  }
  // a uniform image stays uniform through the Linear filter
  const out = resize(src, 33, 17)
  assert.ok(out.data.every((v, i) => v === [10, 20, 30, 255][i % 4]))
})

test('EXIF orientation', () => {
  // 2x1 image: red, green
  const img: RgbaImage = { width: 2, height: 1, data: new Uint8ClampedArray([255, 0, 0, 255, 0, 255, 0, 255]) }
  const px = (i: RgbaImage) => Array.from(i.data).filter((_, k) => k % 4 === 0 || k % 4 === 1)
  assert.deepEqual(px(applyOrientation(img, 2)), [0, 255, 255, 0])
  const r6 = applyOrientation(img, 6) // rotate 90° clockwise: red on top
  assert.deepEqual([r6.width, r6.height, ...px(r6)], [1, 2, 255, 0, 0, 255])
  const r8 = applyOrientation(img, 8) // counter-clockwise: green on top
  assert.deepEqual([r8.width, r8.height, ...px(r8)], [1, 2, 0, 255, 255, 0])

  const exif = (order: 'II' | 'MM', value: number) => {
    const le = order === 'II'
    const tiff = new Uint8Array(26)
    const v = new DataView(tiff.buffer)
    tiff.set([order.charCodeAt(0), order.charCodeAt(1)])
    v.setUint16(2, 42, le)
    v.setUint32(4, 8, le)
    v.setUint16(8, 1, le)
    v.setUint16(10, 0x0112, le)
    v.setUint16(12, 3, le)
    v.setUint32(14, 1, le)
    v.setUint16(18, value, le)
    const app1 = [0xff, 0xe1, 0, 2 + 6 + tiff.length, ...'Exif\0\0'.split('').map((c) => c.charCodeAt(0)), ...tiff]
    return new Uint8Array([0xff, 0xd8, ...app1, 0xff, 0xda, 0, 2])
  }
  assert.equal(jpegOrientation(exif('II', 6)), 6)
  assert.equal(jpegOrientation(exif('MM', 3)), 3)
  assert.equal(jpegOrientation(new Uint8Array([0xff, 0xd8, 0xff, 0xda])), 0)
  assert.equal(jpegOrientation(new Uint8Array([1, 2, 3])), 0)
})
