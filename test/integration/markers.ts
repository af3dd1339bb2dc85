/**
 * Lines index.ts prints around the mocha run inside the extension host. The workbench forwards its own
 * logging through the same channel, so run.ts prints only what lies between these (and keeps the rest in a file).
 */
export const suiteBegin = '[mjs-integration] begin';
export const suiteEnd = '[mjs-integration] end';
