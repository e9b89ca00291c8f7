/** What kind of answer a question asks for, judged from its wording. */
export type ExpectedAnswer = 'quantity' | 'time' | 'place' | 'any';

const QUANTITY = /\b(how (many|much|large|big|long|high|often)|what (number|amount|percentage|share|proportion|size|value|sum)|number of|amount of|total (number|value|amount)|how many)\b/i;
const TIME = /\b(when|what (year|month|date|day)|which (year|month|date)|in what year|since when|how long ago)\b/i;

const PLACE = /^\s*(where\b|in (which|what) (city|town|country|place|region|province|village|location)\b)/i;
const MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December';
const HAS_PLACE = new RegExp(`\\b(Location:|(in|at|near|from|to) (the )?(?!(${MONTHS})\\b)\\p{Lu}\\p{L}+)`, 'u');

const NUMBER_WORDS = 'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|hundreds|thousand|thousands|million|millions|billion|dozen|dozens|first|second|third|single|half|double|twice|once';
// A count or amount: a number that is not just a year, or a number word.
const HAS_QUANTITY = new RegExp(`(?<![\\d,.])(?!(?:19|20)\\d\\d(?![\\d,]))\\d[\\d,.]*|\\b(${NUMBER_WORDS})\\b`, 'i');
const HAS_TIME = /\b(1[89]\d\d|20\d\d|\d{4}s|january|february|march|april|may|june|july|august|september|october|november|december|spring|summer|autumn|fall|winter|decade|century)\b/i;

/** The answer type a question expects (a count or amount, a time, a place, or anything). */
export function expectedAnswer(question: string): ExpectedAnswer {
  if (TIME.test(question)) return 'time';
  if (QUANTITY.test(question)) return 'quantity';
  if (PLACE.test(question)) return 'place';
  return 'any';
}

/** Whether a passage can answer a question of that type at all (a count needs a number, a "when" a date, a "where" a place name). */
export function canAnswer(expected: ExpectedAnswer, text: string): boolean {
  if (expected === 'quantity') return HAS_QUANTITY.test(text);
  if (expected === 'time') return HAS_TIME.test(text);
  if (expected === 'place') return HAS_PLACE.test(text);
  return true;
}
