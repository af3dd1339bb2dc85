/**
 * What we learned about a server profile's routes by asking it: trueai v10+ answers 404 on
 * /submit/change (and /simple-change, /show), so once a profile's server said so, U/V/reroll on a task
 * without buttons go through the task's buttons and /submit/action from then on. A relay keeps /change
 * and is never marked. Kept per profile (in globalState on the host, so it survives a reload).
 */
/** Where the findings are kept (globalState on the host; structurally a tasks/record KeyValueStore). */
export interface RoutesMemo {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

/** A route a server was seen without. */
export type MissingRoute = 'change' | 'uploadImages';

const KEY = 'midjourney.serverRoutes.v1';

type Seen = Record<string, Partial<Record<MissingRoute, true>>>;

export class ServerRoutes {
  private seen: Seen;

  /** Without a store the memory lasts as long as the object (tests, one-off clients). */
  constructor(private readonly kv?: RoutesMemo) {
    const stored = kv?.get<unknown>(KEY);
    this.seen = typeof stored === 'object' && stored !== null ? { ...(stored as Seen) } : {};
  }

  /** True once the profile's server answered 404/405 on that route. */
  lacks(profileId: string | undefined, route: MissingRoute): boolean {
    const own = this.seen[profileId ?? ''];
    return own !== undefined && own[route] === true;
  }

  /** Remembers that the profile's server has no such route. */
  async markMissing(profileId: string | undefined, route: MissingRoute): Promise<void> {
    const id = profileId ?? '';
    if (this.lacks(id, route)) return;
    this.seen = { ...this.seen, [id]: { ...this.seen[id], [route]: true } };
    await this.kv?.update(KEY, this.seen);
  }

  /** Forgets what a profile's server lacks (its address changed). */
  async forget(profileId: string | undefined): Promise<void> {
    const { [profileId ?? '']: _gone, ...rest } = this.seen;
    this.seen = rest;
    await this.kv?.update(KEY, this.seen);
  }
}
