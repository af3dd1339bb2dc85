/**
 * How the gallery writes days, times and counts: with the words the host sent (shared/dateWords.ts: no Intl
 * on the page's first paint), and with Intl only where the host sent none (an old host, a malformed message).
 */
import { formatCount, formatDay, formatTime, type DateWords } from '../../shared/dateWords';
import { t } from '../../shared/l10n';
import { localDay } from './gridModel';

type Fallback = { day: Intl.DateTimeFormat; time: Intl.DateTimeFormat };

export class GalleryWords {
  private words: DateWords | undefined;
  private intl: Fallback | undefined;

  /** Takes the host's words; a message without them keeps the ones from before. */
  use(words: DateWords | undefined): void {
    if (words) this.words = words;
  }

  /** A day header: Today, Yesterday, else the day written out. */
  dayLabel(day: string, time: number): string {
    const now = Date.now();
    if (day === localDay(now)) return t('Today');
    if (day === localDay(now - 86_400_000)) return t('Yesterday');
    return this.day(time);
  }

  day(time: number): string {
    return this.words ? formatDay(this.words, time) : this.fallback().day.format(time);
  }

  time(time: number): string {
    return this.words ? formatTime(this.words, time) : this.fallback().time.format(time);
  }

  count(n: number): string {
    return this.words ? formatCount(this.words, n) : n.toLocaleString();
  }

  /** Intl's first use costs, so it is made only when needed. */
  private fallback(): Fallback {
    const lang = document.documentElement.lang || undefined;
    this.intl ??= {
      day: new Intl.DateTimeFormat(lang, {
        weekday: 'short',
        year: 'numeric',
        month: 'long',
        day: 'numeric',
      }),
      time: new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit' }),
    };
    return this.intl;
  }
}

/** "1 picture", "{0} pictures": `written` is how the number is shown (the count as it is by default). */
export function picturesText(n: number, written: string | number = n): string {
  return n === 1 ? t('1 picture') : t('{0} pictures', written);
}
