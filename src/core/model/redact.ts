/**
 * Removes secrets from log lines. Every key ever registered is remembered (not only the last one): a key
 * replaced by another, or each profile's key, must still never appear in the log. Longer secrets go first,
 * so one that contains another is removed whole.
 */
export class Redactor {
  private readonly secrets = new Set<string>();
  private ordered: string[] = [];

  /** Registers a value that must never appear in the log; values under 4 characters are ignored. */
  add(value: string | undefined): void {
    const v = value?.trim();
    if (!v || v.length < 4 || this.secrets.has(v)) return;
    this.secrets.add(v);
    this.ordered = [...this.secrets].sort((a, b) => b.length - a.length);
  }

  redact(line: string): string {
    let out = line;
    for (const s of this.ordered) out = out.split(s).join('***');
    return out.replace(/(bearer\s+)[\w.-]{8,}/gi, '$1***');
  }
}
