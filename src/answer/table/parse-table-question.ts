import { countriesIn, normaliseCountryName } from './countries.js';
import type { AgencySide, TableQuery } from './table-query.js';
import type { Tables } from './typed-table.js';

/**
 * Nouns that name what an appendix counts. A count or list is only captured
 * when one of these is what is being counted or listed ("how many bilateral
 * exercises", "which SCO drills"), so "how many officers…" stays with retrieval.
 */
const TABLE_NOUN =
  '(?:meetings?|talks|exercises?|drills?|transfers?|donations?|purchases?|grants?|aid|equipment|deliver(?:y|ies)|trainings?|training programs?|programs?|programmes?|courses?|visits?|field visits?|patrols?|joint operations?|operations?|activities|exchanges?|times|records|entries)';
const WITHIN = "(?:[\\w'’-]+\\s+){0,5}?";

const COUNT = new RegExp(`\\b(?:how many|number of|count of|count the)\\s+${WITHIN}${TABLE_NOUN}\\b`, 'i');
const COUNT_PERSONNEL =
  /\bhow many\s+(?:[\w'’-]+\s+){0,2}?(?:personnel|troops|soldiers|servicemen)\b|\bhow many chinese (?:joined|took part|participated|were (?:involved|deployed|sent))\b/i;
const TOTAL_PERSONNEL = /\btotal (?:number of )?(?:personnel|troops|soldiers)\b/i;
/** Plural table nouns: "which exercises were…" lists, "which exercise was…" asks about one (retrieval). */
const TABLE_PLURAL =
  '(?:meetings|talks|exercises|drills|transfers|donations|purchases|grants|deliveries|trainings|training programs|programs|programmes|courses|visits|field visits|patrols|joint operations|operations|activities|exchanges|entries)';
const LIST_VERB = new RegExp(`^(?:please\\s+)?(?:list|name|show|enumerate|give me)\\b[^?]*\\b${TABLE_PLURAL}\\b`, 'i');
const LIST_WH = new RegExp(`^(?:which|what)\\s+${WITHIN}${TABLE_PLURAL}\\b`, 'i');
const LIST_TRANSFER =
  /^what\b[^?]*\bdid (?:china|the prc|beijing)\s+(?:transfer|donate|give|provide|supply|sell|deliver)\b|^what (?:equipment|aid|weapons|arms) did\b[^?]*\b(?:receive|get|buy|purchase|obtain)\b/i;
const LAST = /\b(?:last|latest|most recent(?:ly)?)\b/i;
const FIRST = /\b(?:first|earliest)\b/i;
const SUPERLATIVE_NOUN = new RegExp(`\\b(?:first|last|latest|earliest|most recent)\\s+${WITHIN}${TABLE_NOUN}\\b`, 'i');
const WHEN_FIRST_LAST_VERB =
  /^when\b[^?]*\b(?:first|last)\s+(?:(?:\w+\s+){0,1})?(?:meet|met|hold|held|conduct|exercise|train|trained|visit|visited|patrol|transfer|donate|receive|received|host|hosted|take part|sign)\b/i;
const LARGEST = /\b(?:largest|biggest|most (?:chinese )?(?:personnel|troops|soldiers)|highest number of (?:chinese )?(?:personnel|troops))\b/i;
const GROUP_BY = /\b(?:per|by|each|every)\s+(year|country|state|type)\b|\bbroken down by (year|country|type)\b/i;
const WHICH_MOST = /^(?:which|what|in which)\s+(year|country|state|central asian state|central asian country)\b[^?]*\bmost\b/i;
const NOT_A_QUERY = /^(?:why|how (?:do|does|did|is|are|was|were|can|could|should|would|has|have)|explain|describe|what (?:is|are|was|were) (?:the )?(?:role|purpose|reason|significance|impact|goal))\b/i;

const APPENDIX_VOCAB: Array<[number, RegExp]> = [
  [6, /\bappendix 6\b|\bdelegated trainers?\b|\btraining programs?\b[^?]*\b(?:topics?|delegated|specifics|field visits)\b|\bin-china (?:security )?training programs?\b/i],
  [2, /\bappendix 2\b|\bSCO\b[^?]*\b(?:exercises?|drills?)\b|\b(?:exercises?|drills?)\b[^?]*\bSCO\b|\bmultilateral\b[^?]*\b(?:exercises?|drills?)\b|\bpeace mission\b/i],
  [3, /\bappendix 3\b|\b(?:exercises?|drills?)\b/i],
  [5, /\bappendix 5\b|\btransfer(?:s|red)?\b|\bdonat(?:e|ed|ion|ions)\b|\bequipment\b|\baid\b|\bpurchas(?:e|es|ed)\b|\bgrants?\b|\bbought\b|\bsold\b|\bsell\b|\bweapons?\b|\bsupplied\b|\bgave\b/i],
  [1, /\bappendix 1\b|\bmeetings?\b|\bmet\b|\bmeet\b|\btalks\b/i],
  [4, /\bappendix 4\b|\btrain(?:ing|ings|ed)?\b|\bexchanges?\b|\beducation(?:al)?\b|\bvisit(?:s|ed)?\b|\bpatrols?\b|\bjoint operations?\b|\bstud(?:y|ied|ying)\b|\bcadets?\b/i],
];

/** Agency terms a question may use, with the name the engine matches (through its synonym table). */
const AGENCY_TERMS: Array<[RegExp, string]> = [
  [/\b(?:interior minist(?:ry|er)|minist(?:ry|er) of (?:the )?interior|minist(?:ry|er) of internal affairs|internal affairs|MIA)\b/i, 'internal affairs'],
  [/\b(?:minist(?:ry|er) of public security|public security|MPS)\b/i, 'public security'],
  [/\b(?:defen[cs]e minist(?:ry|er)|minist(?:ry|er) of defen[cs]e)\b/i, 'defense'],
  [/\b(?:foreign minist(?:ry|er)|minist(?:ry|er) of foreign affairs)\b/i, 'foreign affairs'],
  [/\b(?:PLA|people'?s liberation army)\b/i, 'PLA'],
  [/\bborder (?:guards?|service|police)\b/i, 'border'],
  [/\barmed police\b/i, 'armed police'],
  [/\bnational guard\b/i, 'national guard'],
  [/\barmed forces\b/i, 'armed forces'],
  [/\bpresidents?\b/i, 'president'],
  [/\b(?:prime minister|premier)\b/i, 'prime minister'],
  [/\b(?:ambassador|embassy)\b/i, 'ambassador'],
  [/\b(?:huawei|avic)\b/i, ''],
  [/\bcentral military (?:commission|council)\b/i, 'central military'],
];

const CHINA_BEFORE = /(?:china'?s?|chinese|prc'?s?|beijing'?s?)\s*$/i;
const PARTNER_BEFORE = /(?:kazakh|kyrgyz|tajik|turkmen|uzbek)\w*(?:'s)?\s*(?:the\s*)?$/i;

/**
 * Read a question as a structured appendix query, or return null when it is
 * not clearly a count, list or superlative over one appendix. Conservative by
 * design: anything doubtful goes to retrieval. `tables` (optional) supplies
 * the locations the appendices use, so "held in Xiamen" becomes a filter.
 */
export function parseTableQuestion(question: string, tables?: Tables): TableQuery | null {
  const q = question.replace(/[’‘]/g, "'").replace(/\s+/g, ' ').trim();
  if (!q || NOT_A_QUERY.test(q)) return null;

  const operation = operationOf(q);
  if (!operation) return null;
  const appendix = APPENDIX_VOCAB.find(([, re]) => re.test(q))?.[0];
  if (!appendix) return null;
  if ((operation.operation === 'max' || operation.operation === 'sum') && appendix !== 2 && appendix !== 3) return null;

  const query: TableQuery = { appendix, ...operation };
  const explained: RegExp[] = [];
  const countries = countriesIn(q);
  // Other states appear only as SCO exercise hosts ("held in Russia"); asked about in any other way, retrieval answers.
  if (countries.some((c) => FOREIGN.has(c)) && !(appendix === 2 && /\bin russia\b/i.test(q))) return null;
  if (appendix === 2) {
    const hosts = [...q.matchAll(/\b(?:held|hosted|took place|conducted|staged|located)?\s*in\s+(china|russia|kazakhstan|kyrgyzstan|tajikistan|uzbekistan|turkmenistan)\b/gi)].map((m) => normaliseCountryName(m[1])!);
    const participants = countries.filter((c) => !hosts.includes(c) && c !== 'China');
    if (hosts.length) Object.assign(query, { countryRole: 'location', countries: hosts });
    else if (participants.length) Object.assign(query, { countryRole: 'participant', countries: participants });
  } else {
    const wanted = countries.filter((c) => c !== 'China');
    if (wanted.length) query.countries = wanted;
  }
  Object.assign(query, yearsOf(q));

  const agencies = agenciesOf(q, appendix, explained);
  if (agencies.length) query.agencies = agencies;
  const location = locationOf(q, tables, appendix, explained);
  if (location) query.location = location;
  Object.assign(query, typeOf(q, appendix));
  const topic = topicOf(q, explained);
  if (topic) query.textContains = [...(query.textContains ?? []), topic];
  if (/\b(?:stated |known |reported )?(?:value|worth|amount|monetary|how much money)\b/i.test(q) && appendix === 5) query.hasValue = true;
  return unexplainedWords(q, explained).length ? null : query;
}

const FOREIGN = new Set(['Russia', 'Pakistan', 'India']);

/**
 * Words the query does not account for. A question is only captured when
 * every content word is table vocabulary, a filter value or a question word:
 * "how many bilateral exercises…" is a table question, "how many training
 * camps did … armies destroy" is not.
 */
export function unexplainedWords(q: string, explained: RegExp[] = []): string[] {
  let rest = q.toLowerCase();
  for (const re of explained) rest = rest.replace(new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`), ' ');
  return rest
    .split(/[^\p{L}\p{N}'-]+/u)
    .map((w) => w.replace(/^['-]+|['-]+$/g, '').replace(/'s$/, ''))
    .filter((w) => w.length > 1 && !ALLOWED.has(w) && !/^(?:19|20)\d{2}s?$/.test(w) && !/^appendix$|^[1-6]$/.test(w) && !normaliseCountryName(w) && !normaliseCountryName(w.toUpperCase()));
}

const ALLOWED = new Set(
  `a an the of in on at to from with between and or by for since before after until through during as up into its their there it they that these those this
  how many much number count which what when where who did does do was were is are has have had be been being ever then so all any each per every total
  list lists listed name show enumerate give me please record records recorded document documented report reports counts count table tables
  first last latest earliest most recent recently largest biggest highest least minimum maximum roughly about over more than fewer
  hold holds held holding conduct conducted conducting take took taken place part participate participated participating participation hosted host staged
  involve involved involving join joined make made give gave given receive received send sent happen happened occur occurred carry carried out
  transfer transfers transferred donate donated donation donations purchase purchases purchased bought sell sold grant grants aid equipment deliver delivered deliveries
  supply supplied provide provided weapons arms
  security security-related related bilateral multilateral joint military sco shanghai cooperation organisation organization exercise exercises drill drills
  meeting meetings met meet talks discuss discussed training trainings trained train program programs programme programmes course courses education educational
  exchange exchanges visit visits visited field patrol patrols border borders operation operations activities activity entries entry times
  country countries state states central asian asia year years month date dated officials official individual stated value worth known agenda topic
  personnel troops soldiers servicemen size people chinese china prc beijing mission peace in-china covid covid-19 covid19
  january february march april may june july august september october november december`.split(/\s+/),
);

function operationOf(q: string): Pick<TableQuery, 'operation' | 'groupBy' | 'measure'> | null {
  const group = GROUP_BY.exec(q);
  const whichMost = WHICH_MOST.exec(q);
  if (whichMost) return { operation: 'group', groupBy: /year/i.test(whichMost[1]) ? 'year' : 'country' };
  if ((COUNT.test(q) || LIST_VERB.test(q)) && group) {
    const key = (group[1] ?? group[2]).toLowerCase();
    return { operation: 'group', groupBy: key === 'year' ? 'year' : key === 'type' ? 'type' : 'country' };
  }
  if (COUNT_PERSONNEL.test(q) || TOTAL_PERSONNEL.test(q)) return { operation: 'sum', measure: /chinese/i.test(q) ? 'chinesePersonnel' : 'personnel' };
  if (COUNT.test(q)) return { operation: 'count' };
  if (LARGEST.test(q) && /\b(?:exercises?|drills?)\b/i.test(q)) return { operation: 'max', measure: /chinese/i.test(q) ? 'chinesePersonnel' : 'personnel' };
  if (SUPERLATIVE_NOUN.test(q) || WHEN_FIRST_LAST_VERB.test(q)) {
    if (LAST.test(q)) return { operation: 'last' };
    if (FIRST.test(q)) return { operation: 'first' };
  }
  if (LIST_VERB.test(q) || LIST_WH.test(q) || LIST_TRANSFER.test(q)) return { operation: 'list' };
  return null;
}

function yearsOf(q: string): Pick<TableQuery, 'yearFrom' | 'yearTo'> {
  const y = '((?:19|20)\\d{2})';
  let m: RegExpExecArray | null;
  if ((m = new RegExp(`\\b(?:between|from)\\s+${y}\\s+(?:and|to|until|through)\\s+${y}\\b`, 'i').exec(q))) return range(+m[1], +m[2]);
  if ((m = new RegExp(`\\b${y}\\s*[-–]\\s*${y}\\b`).exec(q))) return range(+m[1], +m[2]);
  const out: Pick<TableQuery, 'yearFrom' | 'yearTo'> = {};
  if ((m = new RegExp(`\\b(?:since|from|starting in|as of)\\s+${y}\\b`, 'i').exec(q))) out.yearFrom = +m[1];
  if ((m = new RegExp(`\\b(?:after)\\s+${y}\\b`, 'i').exec(q))) out.yearFrom = +m[1] + 1;
  if ((m = new RegExp(`\\b(?:before|prior to)\\s+${y}\\b`, 'i').exec(q))) out.yearTo = +m[1] - 1;
  if ((m = new RegExp(`\\b(?:until|through|up to|by)\\s+${y}\\b`, 'i').exec(q))) out.yearTo = +m[1];
  if (out.yearFrom !== undefined || out.yearTo !== undefined) return out;
  const years = [...q.matchAll(new RegExp(`\\b${y}\\b`, 'g'))].map((x) => +x[1]);
  return years.length === 1 ? { yearFrom: years[0], yearTo: years[0] } : {};
}

function range(a: number, b: number): Pick<TableQuery, 'yearFrom' | 'yearTo'> {
  return { yearFrom: Math.min(a, b), yearTo: Math.max(a, b) };
}

function agenciesOf(q: string, appendix: number, explained: RegExp[]): Array<{ side: AgencySide; name: string }> {
  const out: Array<{ side: AgencySide; name: string }> = [];
  for (const [re, name] of AGENCY_TERMS) {
    const m = re.exec(q);
    if (!m) continue;
    explained.push(re);
    const before = q.slice(Math.max(0, m.index - 40), m.index);
    // Appendix 4 and 2 have no per-side agency columns: the agency is named in the activity text.
    const side: AgencySide = appendix === 4 || appendix === 2 || appendix === 6 ? 'any' : CHINA_BEFORE.test(before) ? 'china' : PARTNER_BEFORE.test(before) ? 'partner' : 'any';
    out.push({ side, name: name || m[0] });
  }
  return out;
}

function locationOf(q: string, tables: Tables | undefined, appendix: number, explained: RegExp[]): string | null {
  if (/\b(?:on|at|along) the border\b/i.test(q) && appendix === 3) return 'Border';
  if (!tables) return null;
  const places = new Set<string>();
  for (const table of tables.values()) {
    for (const r of table.rows) {
      const place = r.location?.split(',')[0].replace(/\s+(?:China|Kazakhstan|Kyrgyzstan|Tajikistan|Russia)$/, '').trim();
      if (place && place.length > 3 && !/^border$/i.test(place)) places.add(place);
    }
  }
  for (const place of [...places].sort((a, b) => b.length - a.length)) {
    const re = new RegExp(`\\b${place.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i');
    if (re.test(q)) {
      explained.push(re);
      return place;
    }
  }
  return null;
}

function typeOf(q: string, appendix: number): Pick<TableQuery, 'type' | 'textContains'> {
  if (appendix === 5) {
    if (/\bdonat/i.test(q)) return { type: 'donation' };
    if (/\b(?:purchas|bought|sold|sell)/i.test(q)) return { type: 'purchase' };
    if (/\bcovid/i.test(q)) return { textContains: ['COVID'] };
    if (/\bgrants?\b/i.test(q)) return { type: 'grant' };
    if (/\bequipment\b/i.test(q) && !/\bequipment transfers?\b/i.test(q)) return { textContains: ['equipment'] };
    if (/\baid\b/i.test(q)) return { type: 'aid' };
  }
  if (appendix === 4) {
    if (/\bpatrols?\b/i.test(q)) return { textContains: ['patrol'] };
    if (/\bjoint operations?\b/i.test(q)) return { type: 'joint operation' };
    if (/\b(?:field )?visits?\b|\bvisited\b|\bdelegations?\b/i.test(q)) return { type: 'field visit' };
    if (/\btraining and exchange\b|\bexchanges?\b|\bactivities\b|\bentries\b/i.test(q)) return {};
    if (/\btrain(?:ing|ings|ed)?\b|\beducation(?:al)?\b|\bstud(?:y|ied|ying)\b/i.test(q)) return { type: 'education' };
  }
  return {};
}

/** "meetings about drug trafficking" → "drug trafficking"; null when no topic is named. */
function topicOf(q: string, explained: RegExp[]): string | null {
  const m = /\b(?:about|on the topic of|concerning|discussing|regarding|that discussed|which discussed|discussed|to discuss|mentioning|involving the topic)\s+(?:the\s+|a\s+)?(["“]?[\w'’ -]+?["”]?)(?=\s+(?:with|between|in|since|before|after|from|during|by|and (?:china|the prc))\b|[?.,]|$)/i.exec(
    q,
  );
  if (!m) return null;
  const topic = m[1].replace(/["“”]/g, '').trim();
  if (!topic || topic.split(' ').length > 4 || /^(?:it|them|this|that|china|the prc)$/i.test(topic)) return null;
  explained.push(new RegExp(topic.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i'));
  return topic;
}
