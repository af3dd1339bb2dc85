/**
 * The one door to the gallery's bundle: `require('./gallery.chunk')` on first use (Open Gallery, or VS Code
 * restoring the panel), so activation loads none of it. See esbuild.js, `chunks`.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import * as vscode from 'vscode';
import type { CommandContext } from '../commands/context';
import type * as GalleryChunk from './gallery.chunk';

type Chunk = typeof GalleryChunk;

/** The view type (also in package.json's activationEvents); kept here so activation needs no chunk. */
export const GALLERY_VIEW_TYPE = 'midjourney.gallery';

let instance: GalleryChunk.Gallery | undefined;

/** The window's gallery, loading its bundle the first time. */
export function galleryOf(ctx: CommandContext): GalleryChunk.Gallery {
  if (!instance) {
    const chunk = require('./gallery.chunk') as Chunk;
    const g = chunk.createGallery(ctx);
    instance = g;
    ctx.studio.context.subscriptions.push({
      dispose: () => {
        g.dispose();
        if (instance === g) instance = undefined;
      },
    });
  }
  return instance;
}

/** The gallery if it was loaded (nothing is loaded to answer). */
export function loadedGallery(): GalleryChunk.Gallery | undefined {
  return instance;
}

/** Registered at activation: a reload brings the gallery back (with its view state) only if it was open. */
export function registerGallerySerializer(ctx: CommandContext): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(GALLERY_VIEW_TYPE, {
    deserializeWebviewPanel: async (panel) => galleryOf(ctx).restore(panel),
  });
}
