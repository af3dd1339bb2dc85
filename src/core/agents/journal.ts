/**
 * The MCP server's task journal: when it runs outside VS Code (an agent in a terminal) every change to a task
 * it made is appended as one JSON line to `mcp-tasks.jsonl`, and the extension adds those tasks to its list at
 * the next start (src/host/agents/journalImport.ts). Pure: lines in, records out. No key is ever in a line.
 */
import { isRecord, slimRecord, type TaskRecord } from '../tasks/record';

export const JOURNAL_FILE = 'mcp-tasks.jsonl';
export const JOURNAL_VERSION = 1;

export interface JournalEntry {
  v: number;
  /** The server's origin (scheme://host:port): the extension files the task under the profile of that server. */
  server: string;
  record: TaskRecord;
}

export function journalLine(server: string, rec: TaskRecord): string {
  const entry: JournalEntry = { v: JOURNAL_VERSION, server, record: slimRecord(rec) };
  return `${JSON.stringify(entry)}\n`;
}

/**
 * The newest version of each task in the text (later lines win), skipping what is not a journal line
 * (a torn last line after a crash, another version's format).
 */
export function readJournal(text: string): JournalEntry[] {
  const byId = new Map<string, JournalEntry>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      continue;
    }
    const e = v as Partial<JournalEntry>;
    if (e?.v !== JOURNAL_VERSION || typeof e.server !== 'string' || !isRecord(e.record)) continue;
    byId.delete(e.record.task.id);
    byId.set(e.record.task.id, e as JournalEntry);
  }
  return [...byId.values()];
}

/** The folder of the journal (and the MCP server's image copies): MJ_STUDIO_DIR, else ~/.midjourney-studio. */
export function journalDir(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const dir = env.MJ_STUDIO_DIR?.trim();
  return dir || `${home.replace(/[\\/]+$/, '')}/.midjourney-studio`;
}
