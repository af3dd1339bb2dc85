// The gallery writes dates and counts with words the host made, not with Intl in the webview (whose first use
// there costs 20-50 ms): what it writes must be what Intl would have written, in every language.
import * as assert from 'node:assert/strict';
import {
  formatCount,
  formatDay,
  formatTime,
  makeDateWords,
  parseDateWords,
} from '../../src/shared/dateWords';
import { parseGalleryHostMessage } from '../../src/shared/galleryProtocol';

/** Spaces compared as spaces: ICU writes U+202F or U+0020 before AM/PM depending on its version. */
const norm = (s: string): string => s.replace(/[\s\u202f\u00a0]+/g, ' ');

describe('date words: the gallery writes dates without Intl in the webview', () => {
  const locales = ['en', 'zh-cn', 'de', 'ja', 'fr', 'en-GB', 'ko', 'es', 'ru', 'pt-br'];
  // Every hour of a few days across a year (both sides of midnight and noon, both DST sides).
  const times: number[] = [];
  for (const day of [
    Date.UTC(2026, 0, 1),
    Date.UTC(2026, 5, 30),
    Date.UTC(2026, 9, 25),
    Date.UTC(2026, 11, 2),
  ])
    for (let h = 0; h < 24; h++) times.push(day + h * 3_600_000 + 7 * 60_000);

  for (const loc of locales) {
    it(`writes days, times and counts as Intl does in ${loc}`, () => {
      const w = makeDateWords(loc);
      const day = new Intl.DateTimeFormat(loc, {
        weekday: 'short',
        year: 'numeric',
        month: 'long',
        day: 'numeric',
        numberingSystem: 'latn',
      });
      const time = new Intl.DateTimeFormat(loc, {
        hour: '2-digit',
        minute: '2-digit',
        numberingSystem: 'latn',
      });
      for (const t of times) {
        assert.equal(
          norm(formatDay(w, t)),
          norm(day.format(t)),
          `${loc} day of ${new Date(t).toISOString()}`,
        );
        assert.equal(
          norm(formatTime(w, t)),
          norm(time.format(t)),
          `${loc} time of ${new Date(t).toISOString()}`,
        );
      }
      const count = new Intl.NumberFormat(loc, { maximumFractionDigits: 0 });
      for (const n of [0, 7, 999, 1000, 10_000, 123_456, 1_000_000])
        assert.equal(norm(formatCount(w, n)), norm(count.format(n)), `${loc} ${n}`);
    });
  }

  it('accepts the words it made through the message parser, and refuses malformed ones', () => {
    const w = makeDateWords('en');
    assert.deepEqual(parseDateWords(JSON.parse(JSON.stringify(w))), w);
    for (const bad of [
      null,
      'en',
      { ...w, weekdays: w.weekdays.slice(1) },
      { ...w, months: [...w.months.slice(1), 7] },
      { ...w, day: [{ f: 'innerHTML' }] },
      { ...w, day: [] },
      { ...w, time: [{ lit: 'x'.repeat(500) }] },
      { ...w, group: '<b>,</b>' },
      { ...w, periods: ['AM'] },
    ])
      assert.equal(parseDateWords(bad), undefined, JSON.stringify(bad).slice(0, 80));
  });

  it('an items message carries the words when they are well formed, and drops them (only them) when not', () => {
    const base = { type: 'items', items: [], actions: [], refs: [], complete: true };
    const good = parseGalleryHostMessage({ ...base, dates: makeDateWords('zh-cn') });
    assert.ok(good?.type === 'items' && good.dates, 'kept');
    assert.equal(good.dates.months[11], makeDateWords('zh-cn').months[11]);
    const bad = parseGalleryHostMessage({ ...base, dates: { weekdays: 3 } });
    assert.ok(bad?.type === 'items', 'the message itself is kept');
    assert.equal('dates' in bad, false);
  });
});
