/**
 * Entry of the gallery's browser script (bundled to dist/gallery.js): the UI language's words from the page,
 * the view state from before a reload, then the app. Imports only src/shared/ and this folder.
 */
import { setL10nBundle } from '../../shared/l10n';
import type { GalleryMessage } from '../../shared/galleryProtocol';
import { parseGalleryHostMessage, parseGalleryViewState } from '../../shared/galleryProtocol';
import { GalleryApp } from './app';

interface VsCodeApi {
  postMessage(message: GalleryMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

function loadLanguage(): void {
  const text = document.getElementById('l10n')?.textContent;
  if (!text) return;
  try {
    setL10nBundle(JSON.parse(text));
  } catch {
    // English rather than a blank page.
  }
}

function start(): void {
  loadLanguage();
  const api = acquireVsCodeApi();
  const root = document.getElementById('gallery') ?? document.body;
  const app = new GalleryApp(root, api, parseGalleryViewState(api.getState()));
  window.addEventListener('message', (ev: MessageEvent<unknown>) => {
    const msg = parseGalleryHostMessage(ev.data);
    if (msg) app.onMessage(msg);
  });
  app.start();
}

start();
