/**
 * "Test Connection": does the URL answer, is the key accepted, and which features does the server have.
 * Every probe is a read or an empty-bodied submit that servers reject as invalid before doing any work.
 */
import { t } from '../../shared/l10n';
import type { Balance } from './billing';
import { formatUsd } from './billing';
import type { MjClient } from './client';
import { isMjError, joinSentences } from '../model/errors';

export type Feature = 'buttons' | 'action' | 'modal' | 'change' | 'listByCondition' | 'taskList' | 'seed';

export interface ConnectionReport {
  /** The server answered at all. */
  reachable: boolean;
  /** undefined when it could not be told (the server did not answer). */
  keyAccepted?: boolean;
  features: Partial<Record<Feature, boolean>>;
  /** What is left on the key, where the server has a billing API (new-api relays). */
  balance?: Balance;
  /** One sentence for the user. */
  summary: string;
}

/** The features in the order the summary names them. */
const FEATURES: readonly Feature[] = [
  'buttons',
  'action',
  'modal',
  'change',
  'listByCondition',
  'taskList',
  'seed',
];

/**
 * What a feature lets the user do, in their words; undefined for what only changes how we work (polling many
 * tasks at once, the endpoint behind the buttons).
 */
function featureWords(f: Feature): string | undefined {
  switch (f) {
    case 'buttons':
      return t('press the buttons under a finished image (upscale, vary, zoom, pan)');
    case 'modal':
      return t('use Custom Zoom, Vary Region and Remix');
    case 'change':
      return t('upscale, vary and reroll a grid (U1–U4, V1–V4)');
    case 'taskList':
      return t('bring in tasks made elsewhere');
    case 'seed':
      return t('copy the seed of an image');
    case 'action':
    case 'listByCondition':
      return undefined;
  }
}

/**
 * "<origin> answers and accepts your API key. Here you can: …. Not on this server: …." in whole sentences, each
 * language wording them its own way. Grid U/V through /submit/change is not missed where the buttons do it.
 */
function offersSentence(origin: string, refused: boolean, has: Feature[], lacks: Feature[]): string {
  const words = (fs: Feature[]): string[] => fs.flatMap((f) => featureWords(f) ?? []);
  const can = words(has);
  const cannot = words(lacks.filter((f) => !(f === 'change' && has.includes('buttons'))));
  const first = refused
    ? t('{0} answers, but refused your API key for some requests.', origin)
    : t('{0} answers and accepts your API key.', origin);
  const offers = joinSentences(
    first,
    can.length
      ? t('Here you can: {0}.', can.join(t('; ')))
      : t('It offers none of the features Midjourney Studio uses.'),
  );
  return cannot.length ? joinSentences(offers, t('Not on this server: {0}.', cannot.join(t('; ')))) : offers;
}

/** An endpoint exists unless the server says "no such route": 404/405 without a Midjourney-proxy JSON answer. */
function exists(r: { status: number; json: unknown }): boolean {
  if (r.status !== 404 && r.status !== 405) return true;
  // TA answers a missing parent task with HTTP 404 and a JSON {code: 3, description}: the route is there.
  const j = r.json as { code?: unknown; description?: unknown } | undefined;
  return (
    typeof j === 'object' && j !== null && typeof j.code === 'number' && typeof j.description === 'string'
  );
}

/** Runs the probes against the client's server and words the result in one sentence. */
export async function testConnection(
  client: Pick<MjClient, 'probe'> & Partial<Pick<MjClient, 'balance'>>,
  origin: string,
): Promise<ConnectionReport> {
  let first: { status: number; json: unknown; isJson: boolean };
  try {
    first = await client.probe('POST', '/task/list-by-condition', { ids: ['0'] });
  } catch (e) {
    const why = isMjError(e) ? e.message : String(e);
    return { reachable: false, features: {}, summary: t('{0} does not answer: {1}', origin, why) };
  }
  if (first.status === 401 || first.status === 403) {
    return {
      reachable: true,
      keyAccepted: false,
      features: {},
      summary: t(
        '{0} answers, but it refused the API key (HTTP {1}): set the right key.',
        origin,
        first.status,
      ),
    };
  }
  if (first.status >= 500 || (!first.isJson && first.status !== 404 && first.status !== 405)) {
    return {
      reachable: true,
      features: {},
      summary: t(
        '{0} answers, but not like a Midjourney-proxy server (HTTP {1}): check the address.',
        origin,
        first.status,
      ),
    };
  }
  const probes: [Feature, Promise<{ status: number; json: unknown }>][] = [
    ['action', client.probe('POST', '/submit/action', {})],
    ['modal', client.probe('POST', '/submit/modal', {})],
    ['change', client.probe('POST', '/submit/change', {})],
    ['taskList', client.probe('GET', '/task/list')],
    ['seed', client.probe('GET', '/task/0/image-seed')],
  ];
  const features: Partial<Record<Feature, boolean>> = { listByCondition: exists(first) };
  let refused = false;
  for (const [feature, p] of probes) {
    try {
      const r = await p;
      if (r.status === 401 || r.status === 403) refused = true;
      features[feature] = exists(r);
    } catch {
      features[feature] = false;
    }
  }
  // Servers that take /submit/action are the ones that send buttons with finished tasks.
  features.buttons = Boolean(features.action);
  const has = FEATURES.filter((f) => features[f]);
  const lacks = FEATURES.filter((f) => features[f] === false);
  const summary = offersSentence(origin, refused, has, lacks);
  const balance = refused ? undefined : await readBalanceQuietly(client);
  const money = balance
    ? t('Balance: {0} left (of {1}).', formatUsd(balance.balanceUsd), formatUsd(balance.limitUsd))
    : undefined;
  return {
    reachable: true,
    keyAccepted: !refused,
    features,
    summary: money ? joinSentences(summary, money) : summary,
    balance,
  };
}

/** The balance, or undefined where there is no billing API or it failed: money is extra information here. */
async function readBalanceQuietly(client: Partial<Pick<MjClient, 'balance'>>): Promise<Balance | undefined> {
  try {
    const r = await client.balance?.();
    return r?.kind === 'balance' ? r.balance : undefined;
  } catch {
    return undefined;
  }
}
