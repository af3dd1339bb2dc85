/**
 * "Use as Style Reference": which link the style-reference library keeps for a finished picture. A lasting
 * server link as it is; for one that expires, a copy uploaded to the server where it can take one.
 */
import { t } from '../../shared/l10n';
import type { MjClient } from '../api/client';
import { uploadReference } from '../api/reference';
import type { ServerRoutes } from '../api/serverRoutes';
import { MAX_IMAGE_BYTES, toDataUrl } from '../media/imageInput';
import { MjError } from '../model/errors';
import { isRefUrl, linkExpires } from '../prompts/styleRefs';

/** The link a style reference keeps, and what the user should know about it. */
export interface RefLink {
  url: string;
  /** Our copy, uploaded to the server (the task's own link expires). */
  uploaded: boolean;
  /** Set when the link kept will stop working: why no lasting copy was made. */
  warning?: string;
}

/**
 * The link to keep for "Use as Style Reference". A lasting server link is kept as it is (nothing sent). A link
 * that will expire (Discord's CDN, signed storage) or no link at all: the local copy is uploaded where the server
 * can (upload-discord-images, no job, nothing charged) and that link kept; where it cannot, or the upload fails,
 * the expiring link is still kept (nothing is lost) with a warning that says so. Throws only when there is no
 * link to keep at all.
 */
export async function styleRefLink(opts: {
  url: string | undefined;
  /** The picture's local copy, when there is one. */
  readLocal: () => Promise<{ name: string; bytes: Uint8Array } | undefined>;
  client: Pick<MjClient, 'uploadImages'>;
  routes: ServerRoutes;
  profileId: string | undefined;
  /** Why nothing can be uploaded now, when the host knows (no API key): the expiring link is kept, saying so. */
  uploadBlocked?: string;
  signal?: AbortSignal;
}): Promise<RefLink> {
  const server = isRefUrl(opts.url) ? opts.url : undefined;
  if (server && !linkExpires(server)) return { url: server, uploaded: false };
  const keep = (why: string): RefLink => {
    if (!server)
      throw new MjError({
        kind: 'unsupported',
        message: t('This picture has no link --sref could use, and no copy could be uploaded: {0}', why),
      });
    return { url: server, uploaded: false, warning: t('Its link will expire: {0}', why) };
  };
  if (opts.uploadBlocked) return keep(opts.uploadBlocked);
  if (opts.routes.lacks(opts.profileId, 'uploadImages'))
    return keep(t('this server cannot keep a copy of a picture.'));
  const local = await opts.readLocal().catch(() => undefined);
  if (!local) return keep(t('the picture is not downloaded yet.'));
  if (local.bytes.byteLength > MAX_IMAGE_BYTES)
    return keep(t('the picture is larger than the server takes.'));
  try {
    const url = await uploadReference(
      opts.client,
      opts.routes,
      opts.profileId,
      toDataUrl(local.name, local.bytes),
      opts.signal,
    );
    if (!isRefUrl(url)) return keep(t('the server answered the upload without a usable link.'));
    return { url, uploaded: true };
  } catch (e) {
    if (e instanceof MjError && e.kind === 'cancelled') throw e;
    return keep(e instanceof Error ? e.message : String(e));
  }
}
