/** A "Size (in personnel)" cell, typed. Unknown sizes are null, never zero. */
export interface Personnel {
  /** Total personnel; for a range, its upper bound. Null when only a share is given ("(800 Chinese)"). */
  total: number | null;
  /** Lower bound when the cell gives a range ("24-40"). */
  min: number | null;
  /** Chinese personnel where stated ("1200 (580 Chinese)"), or per-country share ("1000 each country"). */
  chinese: number | null;
  /** The cell as printed. */
  text: string;
}

const NUMBER = /\d[\d,]*/g;

/**
 * "1200 (580 Chinese)" → total 1200, chinese 580; "(800 Chinese)" → chinese 800;
 * "24-40" → min 24, total 40; "5000 (1000 each country)" → total 5000, chinese 1000;
 * "1,075" → 1075; "Unknown" or blank → null.
 */
export function parsePersonnel(cell: string): Personnel | null {
  const text = cell.trim();
  if (!text || /^unknown$/i.test(text)) return null;
  const [outside, inside = ''] = text.split('(', 2);
  const numbers = (outside.match(NUMBER) ?? []).map(toNumber);
  const share = /(\d[\d,]*)\s*(?:chinese|each country)/i.exec(inside);
  const chinese = share ? toNumber(share[1]) : null;
  if (!numbers.length && chinese === null) return null;
  return {
    total: numbers.length ? Math.max(...numbers) : null,
    min: numbers.length ? Math.min(...numbers) : null,
    chinese,
    text,
  };
}

function toNumber(s: string): number {
  return Number(s.replace(/,/g, ''));
}
