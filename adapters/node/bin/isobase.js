#!/usr/bin/env node
// The `isobase` executable; the compiled CLI lives in ../dist (built by `npm install`).
import { main } from '../dist/index.js'

await main(process.argv)
