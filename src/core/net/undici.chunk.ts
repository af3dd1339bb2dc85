/**
 * The network stack's own bundle (dist/undici.js): the few parts of undici we use, required from their own
 * files. The package's index also loads fetch, WebSocket, caches and mocks (about 250 KB) that this extension
 * never calls; requiring the dispatchers and the request API directly keeps them out. Only undici.ts loads this
 * file, on the first request, so a window that sends nothing never parses undici or its WebAssembly parser.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import type * as Undici from 'undici';

const DispatcherBase = require('undici/lib/dispatcher/dispatcher') as { prototype: object };
const api = require('undici/lib/api/index.js') as object;
// What undici's index does: gives every dispatcher its request()/stream()/… methods.
Object.assign(DispatcherBase.prototype, api);

export const Agent = require('undici/lib/dispatcher/agent') as typeof Undici.Agent;
export const EnvHttpProxyAgent =
  require('undici/lib/dispatcher/env-http-proxy-agent') as typeof Undici.EnvHttpProxyAgent;
