/**
 * Where a secret could end up in a real workbench session, searched the blunt way: the bytes of every file
 * under a folder (UTF-8 and UTF-16), every IndexedDB record of the workbench's origin (where the web
 * workbench keeps globalState), and every frame's DOM.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';

/** Files under `root` whose bytes contain `needle` in UTF-8 or UTF-16LE, as paths relative to root. */
export function filesContaining(root: string, needle: string): string[] {
  const patterns = [Buffer.from(needle, 'utf8'), Buffer.from(needle, 'utf16le')];
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isSymbolicLink()) continue;
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        let bytes: Buffer;
        try {
          bytes = fs.readFileSync(full);
        } catch {
          continue; // a socket or a file that vanished while we looked
        }
        if (patterns.some((p) => bytes.includes(p))) found.push(path.relative(root, full));
      }
    }
  };
  walk(root);
  return found;
}

/** Every file under `root` (relative paths), to show what was scanned. */
export function listFiles(root: string): string[] {
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

/** One IndexedDB record that contains the needle: which database, store and key. */
export interface DbHit {
  db: string;
  store: string;
  key: string;
}

/**
 * Reads every record of every IndexedDB database of the page's origin and returns those whose key or value
 * contains `needle` (byte arrays are decoded as UTF-8). Also returns how many records were read, so a caller
 * can tell an empty scan from a clean one.
 */
export async function indexedDbContaining(
  page: Page,
  needle: string,
): Promise<{ hits: DbHit[]; records: number }> {
  return page.evaluate(async (needle) => {
    const text = (v: unknown): string => {
      if (v instanceof Uint8Array) return new TextDecoder().decode(v);
      if (v instanceof ArrayBuffer) return new TextDecoder().decode(new Uint8Array(v));
      if (v instanceof Map) return JSON.stringify([...v.entries()].map(([k, x]) => [text(k), text(x)]));
      try {
        return typeof v === 'string' ? v : JSON.stringify(v);
      } catch {
        return String(v);
      }
    };
    const req = <T>(r: IDBRequest<T>): Promise<T> =>
      new Promise((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    const hits: { db: string; store: string; key: string }[] = [];
    let records = 0;
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(info.name!);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const store of [...db.objectStoreNames]) {
        const tx = db.transaction(store, 'readonly').objectStore(store);
        const [keys, values] = await Promise.all([req(tx.getAllKeys()), req(tx.getAll())]);
        keys.forEach((k, i) => {
          records++;
          if (text(k).includes(needle) || text(values[i]).includes(needle))
            hits.push({ db: info.name!, store, key: text(k) });
        });
      }
      db.close();
    }
    return { hits, records };
  }, needle);
}

/** URLs of the frames whose DOM (documentElement.outerHTML) contains `needle`, and how many frames were read. */
export async function framesContaining(
  page: Page,
  needle: string,
): Promise<{ hits: string[]; frames: number }> {
  const hits: string[] = [];
  let frames = 0;
  for (const frame of page.frames()) {
    const html = await frame.evaluate(() => document.documentElement?.outerHTML ?? '').catch(() => undefined);
    if (html === undefined) continue;
    frames++;
    if (html.includes(needle)) hits.push(frame.url());
  }
  return { hits, frames };
}
