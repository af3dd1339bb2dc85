/**
 * Which network path our requests take. VS Code patches the extension host's global `fetch` for its proxy
 * support, but our client uses a private undici dispatcher, so we honour the same settings ourselves:
 * VS Code's `http.proxy` / `http.noProxy` / `http.proxyStrictSSL`, then the HTTPS_PROXY / HTTP_PROXY /
 * NO_PROXY environment.
 */
import { Agent, EnvHttpProxyAgent, type Dispatcher } from './undici';

export interface ProxySettings {
  /** VS Code's `http.proxy` (empty: none). */
  proxy?: string;
  /** VS Code's `http.noProxy`: hosts (or suffixes) that bypass the proxy. */
  noProxy?: readonly string[];
  /** VS Code's `http.proxyStrictSSL` (default true): verify the proxy's and the server's certificates. */
  strictSSL?: boolean;
  /** The process environment (HTTPS_PROXY, HTTP_PROXY, NO_PROXY and lower-case forms). */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface ProxyChoice {
  /** The proxy URL in use, or undefined for direct connections. */
  proxy?: string;
  /** Comma-separated bypass list handed to undici. */
  noProxy: string;
  strictSSL: boolean;
  /** Where the proxy came from, for the log. */
  source: 'settings' | 'environment' | 'none';
}

/** Decides the proxy from settings first, then the environment. Pure: easy to test. */
export function chooseProxy(s: ProxySettings): ProxyChoice {
  const env = s.env ?? {};
  const fromEnv = env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy || '';
  const configured = (s.proxy ?? '').trim();
  const proxy = configured || fromEnv.trim() || undefined;
  const noProxy = [...(s.noProxy ?? []), ...(env.NO_PROXY || env.no_proxy || '').split(',')]
    .map((h) => h.trim())
    .filter(Boolean)
    .join(',');
  return {
    proxy,
    noProxy,
    strictSSL: s.strictSSL ?? true,
    source: configured ? 'settings' : proxy ? 'environment' : 'none',
  };
}

/**
 * Loopback never goes through a proxy: a `http://127.0.0.1` server gets the key in plain text (allowed only
 * because it never leaves the machine), so a proxy would see it. undici matches these names exactly
 * (`.localhost` by suffix); it keeps IPv6 brackets.
 */
export const LOOPBACK_NO_PROXY = ['localhost', '.localhost', '127.0.0.1', '[::1]'] as const;

/** A dispatcher for the choice: direct, or through the proxy with its bypass list. */
export function createDispatcher(choice: ProxyChoice): Dispatcher {
  const connect = { timeout: 10_000, rejectUnauthorized: choice.strictSSL };
  if (!choice.proxy) return new Agent({ connect });
  return new EnvHttpProxyAgent({
    httpProxy: choice.proxy,
    httpsProxy: choice.proxy,
    // Never empty (that would fall back to NO_PROXY from the environment, which chooseProxy already merged).
    noProxy: [choice.noProxy, ...LOOPBACK_NO_PROXY].filter(Boolean).join(','),
    connect,
    requestTls: { rejectUnauthorized: choice.strictSSL },
    proxyTls: { rejectUnauthorized: choice.strictSSL },
  });
}

/** The proxy URL without credentials, for the log. */
export function describeProxy(choice: ProxyChoice): string {
  if (!choice.proxy) return 'direct (no proxy)';
  let shown = choice.proxy;
  try {
    const u = new URL(choice.proxy);
    u.username = '';
    u.password = '';
    shown = u.toString();
  } catch {
    shown = '(unparsable proxy URL)';
  }
  return `through ${shown} (from ${choice.source})${choice.noProxy ? `, bypassing ${choice.noProxy}` : ''}`;
}
