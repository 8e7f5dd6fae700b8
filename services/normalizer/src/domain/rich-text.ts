import { problem, type DomainProblem } from './domain-problem.ts';

/**
 * Clinical note bodies (ClinicalNotes.BodyRtf) to plain text for Zoho Notes. PANDA's editor stores RTF
 * ('{\rtf1\ansi\ansicpg1252 …}' with \par line breaks, \'e9 code-page escapes, \u8212? unicode escapes,
 * escaped braces); older rows hold plain text, which passes through. Line structure is kept, so SOAP
 * sections stay on their own 'S: …' / 'O: …' / 'A: …' / 'P: …' lines.
 */
export type RichTextProblemCode = 'RTF_UNBALANCED_GROUPS';

// Windows-1252 differs from Latin-1 only in 0x80–0x9F; undefined slots (0x81, 0x8D, 0x8F, 0x90, 0x9D) read as U+FFFD.
const CP1252_HIGH = '€\uFFFD‚ƒ„…†‡ˆ‰Š‹Œ\uFFFDŽ\uFFFD\uFFFD‘’“”•–—˜™š›œ\uFFFDžŸ';

function cp1252(byte: number): string {
  return byte >= 0x80 && byte <= 0x9f ? CP1252_HIGH[byte - 0x80]! : String.fromCharCode(byte);
}

// Destinations whose text is formatting or metadata, never note content.
const SKIPPED_DESTINATIONS = new Set(['fonttbl', 'colortbl', 'stylesheet', 'info', 'pict', 'header', 'footer', 'headerl', 'headerr', 'footerl', 'footerr', 'listtable', 'listoverridetable', 'rsidtbl', 'generator', 'xmlnstbl', 'themedata', 'latentstyles', 'datastore']);

const WORD_TEXT: Readonly<Record<string, string>> = {
  par: '\n', line: '\n', sect: '\n', page: '\n', row: '\n', cell: '\t', tab: '\t',
  emdash: '—', endash: '–', bullet: '•', lquote: '‘', rquote: '’', ldblquote: '“', rdblquote: '”', emspace: ' ', enspace: ' ', qmspace: ' ',
};

interface GroupState {
  skip: boolean;
  /** \ucN: how many fallback characters follow a \u escape (default 1, the '?' in '\u8212?'). */
  unicodeFallback: number;
}

function isRtf(text: string): boolean {
  return /^\s*\{\\rtf/.test(text);
}

/** Decodes RTF to text with '\n' line breaks; structure cleanup happens in tidyLines. */
function decodeRtf(rtf: string): string | DomainProblem<RichTextProblemCode> {
  const stack: GroupState[] = [];
  let state: GroupState = { skip: false, unicodeFallback: 1 };
  let out = '';
  let pendingFallback = 0;
  const emit = (text: string) => {
    if (pendingFallback > 0) {
      pendingFallback -= 1;
      return;
    }
    if (!state.skip) out += text;
  };
  let i = 0;
  while (i < rtf.length) {
    const ch = rtf[i]!;
    if (ch === '{') {
      stack.push(state);
      state = { ...state };
      i += 1;
    } else if (ch === '}') {
      const outer = stack.pop();
      if (!outer) return problem('RTF_UNBALANCED_GROUPS');
      state = outer;
      pendingFallback = 0;
      i += 1;
    } else if (ch === '\r' || ch === '\n') {
      i += 1; // raw line ends are source formatting; \par is the line break
    } else if (ch !== '\\') {
      emit(ch);
      i += 1;
    } else {
      const word = /^\\([a-zA-Z]+)(-?\d+)? ?/.exec(rtf.slice(i, i + 40));
      if (word) {
        i += word[0].length;
        const name = word[1]!;
        const param = word[2] === undefined ? null : Number(word[2]);
        if (name === 'u' && param !== null) {
          pendingFallback = 0;
          emit(String.fromCharCode(param < 0 ? param + 65536 : param));
          pendingFallback = state.unicodeFallback;
        } else if (name === 'uc' && param !== null) {
          state.unicodeFallback = param;
        } else if (SKIPPED_DESTINATIONS.has(name)) {
          state.skip = true;
        } else if (name in WORD_TEXT) {
          pendingFallback = 0;
          emit(WORD_TEXT[name]!);
        }
        continue;
      }
      const next = rtf[i + 1];
      if (next === undefined) {
        i += 1;
      } else if (next === "'") {
        const hex = /^[0-9a-fA-F]{2}/.exec(rtf.slice(i + 2, i + 4));
        if (hex) emit(cp1252(parseInt(hex[0], 16)));
        i += hex ? 4 : 2;
      } else if (next === '*') {
        state.skip = true; // \* marks an optional destination a reader may ignore
        i += 2;
      } else if (next === '\r' || next === '\n') {
        emit('\n'); // a backslash before a line end is a \par
        i += 2;
      } else {
        // Control symbols: \~ non-breaking space, \- optional hyphen, \_ non-breaking hyphen; anything else
        // (\\ \{ \} and the stray \% some editors write) stands for itself.
        emit(next === '~' ? ' ' : next === '-' ? '' : next === '_' ? '-' : next);
        i += 2;
      }
    }
  }
  return stack.length === 0 ? out : problem('RTF_UNBALANCED_GROUPS');
}

const SECTION_HEADINGS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(?:S|Subjective)\s*:\s*/i, 'S: '],
  [/^(?:O|Objective)\s*:\s*/i, 'O: '],
  [/^(?:A|Assessment)\s*:\s*/i, 'A: '],
  [/^(?:P|Plan)\s*:\s*/i, 'P: '],
];

/** Trims lines, collapses runs of spaces and blank lines, and spells SOAP headings one way ('S: '). */
function tidyLines(text: string): string {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .map((line) => {
      for (const [heading, canonical] of SECTION_HEADINGS) if (heading.test(line)) return line.replace(heading, canonical);
      return line;
    });
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

/** A note body (RTF or plain text) as plain text; null when there is none. */
export function richTextToPlainText(body: string | null): string | null | DomainProblem<RichTextProblemCode> {
  if (body === null || body.trim() === '') return null;
  if (!isRtf(body)) return tidyLines(body);
  const decoded = decodeRtf(body);
  if (typeof decoded !== 'string') return decoded;
  const text = tidyLines(decoded);
  return text === '' ? null : text;
}

export interface ClinicalNoteParts {
  readonly subjective: string | null;
  readonly objective: string | null;
  readonly assessment: string | null;
  readonly plan: string | null;
  readonly bodyRichText: string | null;
}

/**
 * One Zoho Note body from a ClinicalNotes row: the SOAP columns as 'S: …', 'O: …', 'A: …', 'P: …' lines
 * (only those present), then the rich-text body, separated by a blank line. Null when the row is empty.
 */
export function clinicalNoteText(note: ClinicalNoteParts): string | null | DomainProblem<RichTextProblemCode> {
  const sections: ReadonlyArray<readonly [string, string | null]> = [
    ['S', note.subjective],
    ['O', note.objective],
    ['A', note.assessment],
    ['P', note.plan],
  ];
  const soap: string[] = [];
  for (const [letter, text] of sections) {
    if (text !== null && text.trim() !== '') soap.push(`${letter}: ${tidyLines(text).replace(/\n/g, ' ')}`);
  }
  const body = richTextToPlainText(note.bodyRichText);
  if (body !== null && typeof body !== 'string') return body;
  const parts = [soap.join('\n'), body ?? ''].filter((p) => p !== '');
  return parts.length > 0 ? parts.join('\n\n') : null;
}
