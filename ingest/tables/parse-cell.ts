import { monthNumber } from '../../src/core/months.js';
import type { CellValue, ColumnType, MoneyAmount } from '../../src/core/types.js';

/** Cell texts that mean "no value". */
const MISSING = /^(?:|n\/?a|n\.a\.|unknown|not known|not available|not applicable|tbd|tba|\?+|[-–—]+)$/i;

/** True when a cell says it has no value ("", "n/a", "Unknown", "—"). */
export function isMissing(text: string): boolean {
  return MISSING.test(text.trim().replace(/\.$/, ''));
}

/** Currency symbols and the code each implies when no code is stated beside the amount. */
const SYMBOLS: Record<string, string> = { $: 'USD', US$: 'USD', '€': 'EUR', '£': 'GBP', '¥': 'JPY', '₹': 'INR', '₽': 'RUB' };
/** Three-letter currency codes recognised beside an amount (a general list, not a document's vocabulary). */
const CODES = 'USD|EUR|GBP|RMB|CNY|JPY|INR|RUB|CHF|CAD|AUD|NZD|KRW|BRL|ZAR|MXN|SEK|NOK|DKK|PLN|TRY|SGD|HKD|KZT|UZS|KGS|TJS|TMT|AED|SAR|EGP|NGN|KES|PKR|BDT|IDR|THB|VND|PHP|MYR';
const SCALE: Record<string, number> = { k: 1e3, thousand: 1e3, m: 1e6, mn: 1e6, mln: 1e6, million: 1e6, b: 1e9, bn: 1e9, billion: 1e9 };
const NUMBER = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;
const SCALE_WORD = String.raw`(?:thousand|million|billion|mln|mn|bn|[kmb])\b`;
/**
 * "$10m RMB", "USD 1,352m", "150,000 USD", "30M RMB", "$480,000", "6M USD", "€2.5 million".
 * Groups: symbol, code before, number, scale, code after.
 */
const MONEY = new RegExp(
  String.raw`(?:(US\$|[$€£¥₹₽])\s?|\b(${CODES})\s?)(${NUMBER})\s?(${SCALE_WORD})?(?:\s?(${CODES})\b)?` +
    String.raw`|\b(${NUMBER})\s?(${SCALE_WORD})?\s?(${CODES})\b`,
  'gi',
);

/** Every sum of money a text mentions, in order. */
export function findAmounts(text: string): MoneyAmount[] {
  const out: MoneyAmount[] = [];
  for (const m of text.replace(/\\\$/g, '$').matchAll(MONEY)) {
    const [whole, symbol, codeBefore, num1, scale1, codeAfter, num2, scale2, code2] = m;
    const number = Number((num1 ?? num2).replace(/,/g, ''));
    const scale = (scale1 ?? scale2)?.toLowerCase();
    const code = (codeAfter ?? codeBefore ?? code2)?.toUpperCase() ?? (symbol ? SYMBOLS[symbol.toUpperCase()] ?? null : null);
    if (!Number.isFinite(number)) continue;
    out.push({ text: whole.trim(), amount: number * (scale ? SCALE[scale] ?? 1 : 1), currency: code });
  }
  return out;
}

/** The cell as money when the amount is the whole value, allowing a leading word ("worth 6M USD", "about $2m"). */
function parseMoney(text: string): { amount: number; currency: string | null } | null {
  const amounts = findAmounts(text);
  if (amounts.length !== 1) return null;
  const rest = text.replace(/\\\$/g, '$').replace(amounts[0].text, '').trim();
  if (rest !== '' && !/^(?:worth|about|approx\.?|approximately|around|c\.|ca\.|some|over|under|up to|nearly|almost|total|of)$/i.test(rest)) return null;
  return { amount: amounts[0].amount, currency: amounts[0].currency };
}

const INTEGER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)$/;
const DECIMAL = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+%?$|^[+-]?\d+(?:\.\d+)?%$/;

type DateParts = { year: number; month?: number; day?: number; precision: 'year' | 'month' | 'day' };

/** "2019", "August 2019", "Aug. 2019", "12 August 2019", "August 12, 2019", "2019-08-12", "Feburary 2019". */
export function parseDateText(text: string): DateParts | null {
  const t = text.trim().replace(/\s+/g, ' ');
  let m = /^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$/.exec(t);
  if (m) {
    const [year, month, day] = [Number(m[1]), Number(m[2]), m[3] ? Number(m[3]) : undefined];
    if (!plausibleYear(year) || month < 1 || month > 12 || (day !== undefined && (day < 1 || day > 31))) return null;
    return day !== undefined ? { year, month, day, precision: 'day' } : { year, month, precision: 'month' };
  }
  m = /^(?:(\d{1,2})(?:st|nd|rd|th)?\s)?([A-Za-z]+\.?)\s(?:(\d{1,2})(?:st|nd|rd|th)?,?\s)?(\d{4})$/.exec(t);
  if (m) {
    const month = monthNumber(m[2]);
    const year = Number(m[4]);
    const day = m[1] ? Number(m[1]) : m[3] ? Number(m[3]) : undefined;
    if (!month || !plausibleYear(year) || (day !== undefined && (day < 1 || day > 31))) return null;
    return day !== undefined ? { year, month, day, precision: 'day' } : { year, month, precision: 'month' };
  }
  if (/^\d{4}$/.test(t) && plausibleYear(Number(t))) return { year: Number(t), precision: 'year' };
  return null;
}

function plausibleYear(year: number): boolean {
  return year >= 1000 && year <= 2200;
}

/** Items of a comma- or semicolon-separated list of short phrases; null when the text does not read as one. */
function parseList(text: string): string[] | null {
  const separator = text.includes(';') ? ';' : ',';
  const items = text.split(separator).map((s) => s.trim()).filter(Boolean);
  if (items.length < 2) return null;
  if (items.some((item) => item.split(/\s+/).length > 6 || /[.!?:]$/.test(item))) return null;
  return items;
}

/** The type a cell's value reads as on its own (the column's type is decided from all of them). */
export function naturalType(text: string): ColumnType {
  if (parseDateText(text)) return 'date';
  if (INTEGER.test(text)) return 'integer';
  if (DECIMAL.test(text)) return 'decimal';
  if (parseMoney(text)) return 'money';
  if (parseList(text)) return 'list';
  return 'text';
}

/**
 * A cell typed as its column's type; a value that does not fit keeps type
 * 'text' (with any sums of money and leading number it mentions).
 */
export function typedCell(text: string, type: ColumnType): CellValue | null {
  const t = text.trim();
  if (isMissing(t)) return null;
  const shown = t.replace(/\\\$/g, '$');
  switch (type) {
    case 'integer':
    case 'decimal':
      if (INTEGER.test(t) || (type === 'decimal' && DECIMAL.test(t))) return { type, text: shown, number: Number(t.replace(/[,%]/g, '')) };
      break;
    case 'money': {
      const money = parseMoney(t);
      if (money) return { type, text: shown, ...money };
      break;
    }
    case 'date': {
      const date = parseDateText(t);
      if (date) return { type, text: shown, ...date };
      break;
    }
    case 'list': {
      const items = parseList(t);
      return { type, text: shown, items: items ?? [shown] };
    }
    default:
      break;
  }
  const cell: CellValue = { type: 'text', text: shown };
  const amounts = findAmounts(t);
  if (amounts.length) cell.amounts = amounts;
  const lead = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\b/.exec(t);
  if (lead) cell.leadingNumber = Number(lead[0].replace(/,/g, ''));
  return cell;
}

/**
 * A column's type from all its values: the most common type of the non-missing
 * cells when it covers at least half of them (integers count toward decimal,
 * and years toward integer when dates do not win), else text. A list column
 * needs one value of three or more items, so "Town, Country" stays text.
 */
export function inferColumnType(texts: string[]): ColumnType {
  const values = texts.map((t) => t.trim()).filter((t) => !isMissing(t));
  if (!values.length) return 'text';
  const counts = new Map<ColumnType, number>();
  for (const v of values) counts.set(naturalType(v), (counts.get(naturalType(v)) ?? 0) + 1);
  const count = (t: ColumnType) => counts.get(t) ?? 0;
  const half = values.length / 2;
  if (count('date') >= half && count('date') >= count('integer')) return 'date';
  if (count('integer') + count('date') >= half && count('decimal') === 0 && count('integer') > 0) return 'integer';
  if (count('integer') + count('decimal') >= half && count('decimal') > 0) return 'decimal';
  if (count('money') >= half) return 'money';
  if (count('list') >= half && values.some((v) => (parseList(v)?.length ?? 0) >= 3)) return 'list';
  return 'text';
}
