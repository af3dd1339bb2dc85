/**
 * The style-reference library: pictures the user chose ("Use as Style Reference") whose server URLs the
 * composer offers for --sref / --oref, and the gallery filters by. Pure: the host keeps the list in
 * globalState and re-validates it on every read (another window or version may have written it).
 */

export interface StyleRef {
  /** The picture's server URL: what goes after --sref / --oref. */
  url: string;
  /** The task it came from (its thumbnail in the composer). */
  taskId?: string;
  /** A short label (the prompt). */
  label: string;
  addedAt: number;
  /** The link is our own copy uploaded to the server (upload-discord-images), not the task's own link. */
  uploaded?: boolean;
}

/** The library keeps the newest this many. */
export const STYLE_REFS_MAX = 40;

/** Only http(s) URLs without spaces: a value Midjourney takes after --sref. */
export function isRefUrl(v: unknown): v is string {
  return typeof v === 'string' && v.length <= 2048 && /^https?:\/\/[^\s]+$/i.test(v);
}

/**
 * True when a picture link says it will stop working: Discord's CDN (its attachment links are signed with `ex`,
 * an expiry, and die within hours to days) and signed storage links (S3 `X-Amz-Expires`, OSS/COS `Expires`).
 * A style reference to such a link dies with it. Links that say nothing (cdn.midjourney.com, a server's own
 * storage) are taken as lasting.
 */
export function linkExpires(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (/(^|\.)discordapp\.(com|net)$/i.test(u.hostname)) return true;
  const keys = [...u.searchParams.keys()].map((k) => k.toLowerCase());
  return keys.some((k) =>
    ['ex', 'expires', 'x-amz-expires', 'x-oss-expires', 'x-goog-expires', 'q-sign-time', 'se'].includes(k),
  );
}

/** The stored list, cleaned: valid entries only, each URL once, newest first, at most STYLE_REFS_MAX. */
export function cleanRefs(raw: unknown): StyleRef[] {
  if (!Array.isArray(raw)) return [];
  const seen = new Set<string>();
  const out: StyleRef[] = [];
  for (const r of raw) {
    if (typeof r !== 'object' || r === null) continue;
    const o = r as Record<string, unknown>;
    if (!isRefUrl(o.url) || seen.has(o.url)) continue;
    seen.add(o.url);
    out.push({
      url: o.url,
      taskId: typeof o.taskId === 'string' ? o.taskId : undefined,
      label: typeof o.label === 'string' ? o.label.slice(0, 200) : '',
      addedAt: typeof o.addedAt === 'number' && Number.isFinite(o.addedAt) ? o.addedAt : 0,
      ...(o.uploaded === true ? { uploaded: true } : {}),
    });
  }
  return out.sort((a, b) => b.addedAt - a.addedAt).slice(0, STYLE_REFS_MAX);
}

/** The list with `ref` added at the top (moved there when its URL is already in). */
export function addRef(list: readonly StyleRef[], ref: StyleRef): StyleRef[] {
  return cleanRefs([ref, ...list.filter((r) => r.url !== ref.url)]);
}

/** True when the prompt uses `url` as a style or omni reference (--sref / --oref, among other values). */
export function promptUsesRef(prompt: string, url: string): boolean {
  const re = /--(?:sref|oref)\s+((?:(?!--)\S+\s*)+)/gi;
  for (let m = re.exec(prompt); m; m = re.exec(prompt)) {
    if (m[1]!.split(/\s+/).some((v) => v.replace(/::[\d.]+$/, '') === url)) return true;
  }
  return false;
}
