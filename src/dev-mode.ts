/**
 * True in development (tests, the demo's dev server); false in the built `dist/`, where Vite replaces
 * `import.meta.env` with the production values. Guards checks that only find bugs in this package.
 */
export const DEV_MODE: boolean = (import.meta as { env?: { DEV?: boolean } }).env?.DEV ?? true;
