/**
 * A local picture as a reference a prompt can carry: trueai and relays turn pictures into links with
 * `POST /submit/upload-discord-images` (no job, nothing charged), which then go into the prompt as
 * `--sref <url>` (style), `--oref <url>` (omni reference, V7+) or in front of it (an image prompt).
 * A server without the route says 404 once; it is remembered per profile (serverRoutes.ts).
 */
import { t } from '../../shared/l10n';
import { MjError } from '../model/errors';
import type { MjClient } from './client';
import type { ServerRoutes } from './serverRoutes';

/** How the link is used in the prompt. */
export type ReferenceKind = 'sref' | 'oref' | 'image';

/** The prompt text for a reference link: `--sref URL`, `--oref URL`, or the URL alone (an image prompt). */
export function referenceText(kind: ReferenceKind, url: string): string {
  if (kind === 'sref') return `--sref ${url}`;
  if (kind === 'oref') return `--oref ${url}`;
  return url;
}

/** Uploads one picture (a data URL) and gives its link; throws 'unsupported' where the server has no such route. */
export async function uploadReference(
  client: Pick<MjClient, 'uploadImages'>,
  routes: ServerRoutes,
  profileId: string | undefined,
  dataUrl: string,
  signal?: AbortSignal,
): Promise<string> {
  const missing = (): MjError =>
    new MjError({
      kind: 'unsupported',
      message: t('This server cannot turn a picture into a link (/submit/upload-discord-images).'),
      hint: t('Use "Imagine with Images…" to send the picture with the prompt instead.'),
    });
  if (routes.lacks(profileId, 'uploadImages')) throw missing();
  try {
    const [url] = await client.uploadImages([dataUrl], { signal });
    if (!url) throw missing();
    return url;
  } catch (e) {
    if (e instanceof MjError && e.kind === 'unsupported' && e.httpStatus !== undefined) {
      await routes.markMissing(profileId, 'uploadImages');
      throw missing();
    }
    throw e;
  }
}
