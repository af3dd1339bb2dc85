/**
 * Where the API key may go. The key is sent only to the configured origin, and only over https,
 * except to a loopback address (a self-hosted proxy or the simulator on this machine).
 */
import { t } from '../../shared/l10n';
import { isLoopbackHost } from './http';

export { isLoopbackHost };

/** Parses and checks a base URL. Returns the normalised URL (no trailing slash) or an error sentence. */
export function checkBaseUrl(
  raw: string,
): { ok: true; url: string; origin: string } | { ok: false; reason: string } {
  const text = raw.trim();
  if (!text) return { ok: false, reason: t('The server address (midjourney.baseUrl) is empty.') };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: t('"{0}" is not a valid server address (midjourney.baseUrl).', text) };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, reason: t('The server address must start with https:// (got {0}).', url.protocol) };
  }
  if (url.username || url.password) {
    return { ok: false, reason: t('The server address must not contain a user name or password.') };
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return {
      ok: false,
      reason: t(
        'The API key is only sent over https, except to this machine; {0} uses plain http.',
        url.origin,
      ),
    };
  }
  const path = url.pathname.replace(/\/+$/, '');
  return { ok: true, url: `${url.origin}${path}`, origin: url.origin };
}
