/**
 * Server text shown in a VS Code notification. Notifications turn `[label](https://…)` and
 * `[label](command:…)` into links (VS Code's parseLinkedText), so a failReason such as
 * `[re-enter your key](https://evil.example)` would offer the user a link the server chose. Putting a space
 * between `]` and `(` keeps every character readable and leaves nothing a link can be parsed from.
 */
export function noLinks(text: string): string {
  return text.replace(/\](\s*)\(/g, '] $1(');
}
