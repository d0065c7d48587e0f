/**
 * HTML entities in UserSide text: names typed into its forms are stored through PHP's
 * htmlspecialchars, so `ООО "Ромашка"` comes back as `ООО &quot;Ромашка&quot;` (FA unescapes
 * them too). Decoded once; a second time only for text that was plainly escaped twice
 * (`&amp;quot;`), which old imports produce — a name never means the letters "&quot;".
 */

const NAMED: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0',
  laquo: '«', raquo: '»', bdquo: '„', ldquo: '“', rdquo: '”', lsquo: '‘', rsquo: '’', sbquo: '‚',
  ndash: '–', mdash: '—', hellip: '…', numero: '№', deg: '°', copy: '©', reg: '®', trade: '™',
  times: '×', middot: '·', shy: '',
};

const ENTITY = /&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});/gi;
const DOUBLE = /&amp;(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});/i;

/** `text` with HTML entities replaced by the characters they stand for; unknown ones are kept. */
export function decodeHtml(text: string): string {
  if (!text.includes('&')) return text;
  const once = text.replace(ENTITY, replace);
  return DOUBLE.test(text) ? once.replace(ENTITY, replace) : once;
}

function replace(whole: string, body: string): string {
  if (body[0] === '#') {
    const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    // Invalid code points and NUL stay as written rather than turn into garbage.
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
  }
  return NAMED[body.toLowerCase()] ?? whole;
}
