// kumo's cross-site scripting detector: an HTML tokenizer reads tags and attributes the way a browser's tolerant
// parser would (unclosed tags, unquoted values, entity-encoded URLs), and fingerprint rules flag script-capable
// markup, event handlers, script URLs, attribute- and script-context breaks. AWS's XssMatchStatement has no levels.

/** Tags that run script, load active content or redirect the document without any attribute trick. */
const SCRIPT_TAGS = new Set(['script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'meta', 'base', 'svg', 'math', 'xml', 'import', 'vmlframe', 'isindex', 'template', 'portal']);
/** Attributes whose value a browser may load or navigate to as a URL. */
const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'data', 'lowsrc', 'dynsrc', 'background', 'xlink:href', 'poster', 'codebase', 'srcdoc', 'content', 'to', 'from', 'values', 'by']);
const SCRIPT_URL = /^(?:javascript|vbscript|livescript|mocha|data:\s*text\/html|data:\s*image\/svg|data:\s*application\/(?:x-)?javascript)/;
const JS_SINK = /^(?:alert|prompt|confirm|eval|document\s*\.|window\s*\.|location\s*[.=]|fetch|settimeout|setinterval|string\s*\.\s*fromcharcode|top\s*\.|parent\s*\.|self\s*\.|this\s*\.|new\s+function|function\s*\()/;

interface Tag {
  name: string;
  attrs: { name: string; value: string }[];
}

function decodeEntities(s: string): string {
  return s.replace(/&#[xX]0*([0-9a-fA-F]{1,6});?|&#0*([0-9]{1,7});?|&(tab|newline|colon|lpar|rpar|quot|apos|lt|gt|amp);?/g, (m, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (hex !== undefined) return String.fromCodePoint(Math.min(parseInt(hex, 16), 0x10ffff));
    if (dec !== undefined) return String.fromCodePoint(Math.min(parseInt(dec, 10), 0x10ffff));
    const map: Record<string, string> = { tab: '\t', newline: '\n', colon: ':', lpar: '(', rpar: ')', quot: '"', apos: "'", lt: '<', gt: '>', amp: '&' };
    return map[name!.toLowerCase()] ?? m;
  });
}

/** What a browser compares when it decides a URL's scheme: entities decoded, controls and whitespace dropped. */
function urlScheme(value: string): string {
   
  return decodeEntities(value).replace(/[\u0000-\u0020\u007f-\u00a0`'"]+/g, '').toLowerCase();
}

function isNameStart(c: string | undefined): boolean {
  return c !== undefined && /[a-zA-Z]/.test(c);
}

/** Tags in `s`, read tolerantly: a tag runs to '>' or to the end of the value. */
export function tokenizeHtml(s: string, limit = 64): Tag[] {
  const tags: Tag[] = [];
  let i = s.indexOf('<');
  while (i >= 0 && i < s.length && tags.length < limit) {
    let j = i + 1;
    if (s[j] === '/') j++;
    if (!isNameStart(s[j])) {
      i = s.indexOf('<', i + 1);
      continue;
    }
    let k = j;
    while (k < s.length && !/[\s/>]/.test(s[k]!)) k++;
    const tag: Tag = { name: s.slice(j, k).toLowerCase(), attrs: [] };
    // Attributes: name[=value], separated by whitespace or '/', value quoted or bare.
    while (k < s.length && s[k] !== '>') {
      while (k < s.length && /[\s/"'`]/.test(s[k]!)) k++;
      if (k >= s.length || s[k] === '>') break;
      if (s[k] === '<') break;
      const a = k;
      while (k < s.length && !/[\s/>=]/.test(s[k]!)) k++;
      const name = s.slice(a, k).toLowerCase();
      while (k < s.length && /\s/.test(s[k]!)) k++;
      let value = '';
      if (s[k] === '=') {
        k++;
        while (k < s.length && /\s/.test(s[k]!)) k++;
        const q = s[k];
        if (q === '"' || q === "'" || q === '`') {
          const end = s.indexOf(q, k + 1);
          value = s.slice(k + 1, end < 0 ? s.length : end);
          k = end < 0 ? s.length : end + 1;
        } else {
          const v = k;
          while (k < s.length && !/[\s>]/.test(s[k]!)) k++;
          value = s.slice(v, k);
        }
      }
      if (name !== '') tag.attrs.push({ name, value });
      if (k === a) k++;
    }
    tags.push(tag);
    i = s.indexOf('<', k);
  }
  return tags;
}

function tagRule(tag: Tag): string | undefined {
  if (SCRIPT_TAGS.has(tag.name)) return `tag-${tag.name}`;
  for (const a of tag.attrs) {
    if (/^on[a-z]{3,}/.test(a.name)) return 'event-handler';
    if (URL_ATTRS.has(a.name) && SCRIPT_URL.test(urlScheme(a.value))) return 'script-url';
    if (a.name === 'style' && /expression\s*\(|url\s*\(\s*['"]?\s*(?:javascript|vbscript)|behavior\s*:|-moz-binding/i.test(decodeEntities(a.value))) return 'style-script';
    if ((a.name === 'http-equiv' && /refresh/i.test(a.value)) || (tag.name === 'link' && a.name === 'rel' && /import|stylesheet/i.test(a.value) && tag.attrs.some((x) => x.name === 'href' && SCRIPT_URL.test(urlScheme(x.value))))) return 'refresh-or-import';
  }
  if (tag.name === 'style' || tag.name === 'link') return undefined;
  return undefined;
}

/** The rule that flags `value` as cross-site scripting, or undefined. */
/** Quick reject: every rule below needs one of these. */
const TRIGGER_CHARS = /[<(=`]|&#|%[0-9a-f]{2}|\bvoid\b/i;
const TRIGGER_DOM = /document|window/i;

export function detectXss(value: string): string | undefined {
  if (value.length < 4) return undefined;
  // Without these characters only the DOM-access rule can fire, and it needs document or window.
  if (!TRIGGER_CHARS.test(value) && !TRIGGER_DOM.test(value)) return undefined;
  const lower = value.toLowerCase();
  if (lower.includes('<')) {
    for (const tag of tokenizeHtml(value)) {
      const r = tagRule(tag);
      if (r) return r;
    }
    // <style> with script-capable CSS, and comments/CDATA hiding a tag from simple filters.
    if (/<style[\s>][\s\S]*(?:expression\s*\(|javascript:|@import)/i.test(value)) return 'style-script';
  }
  // The value starts a URL whose scheme runs script (placed into href/src by the application).
  if (SCRIPT_URL.test(urlScheme(value.slice(0, 64))) && /[(=`]|&#|%[0-9a-f]{2}|\bvoid\b/i.test(value)) return 'script-url';
  // Attribute-context break: a quote (or the tag's end) then a new event-handler attribute.
  if (/["'`][\s/]*on[a-z]{3,}\s*=/i.test(value) || /^\s*on[a-z]{3,}\s*=\s*["'`]?[^"'`]*\(/i.test(value)) return 'attribute-break';
  // Script-context break: close a JS string, then call a sink (";alert(1)//, '-alert(1)-').
  const m = /(?:^|["'`])\s*(?:[;,)+\-*/|&]|\};?)\s*([a-z][\s\S]{0,40})/i.exec(value);
  if (m && JS_SINK.test(m[1]!.toLowerCase()) && /["'`]/.test(value) && /\(|=/.test(m[1]!)) return 'script-break';
  if (/\b(?:document\s*\.\s*(?:cookie|write|location|domain)|window\s*\.\s*location)\b/i.test(value) && /[<"';]/.test(value)) return 'dom-access';
  return undefined;
}
