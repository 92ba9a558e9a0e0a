/**
 * @module Test helpers shared by core, adapters and e2e (platform-neutral).
 */
export {}
