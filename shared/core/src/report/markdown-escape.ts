/**
 * Escaping for untrusted strings (bucket names, tags, messages, policy text, reasons) that go into
 * GitHub-flavoured markdown: PR comments, job summaries, issue bodies. A report can come from an
 * untrusted artifact (a fork PR's plan), so every string that did not come from our own code is
 * treated as hostile: it must not open HTML, links, emphasis or code, break a table row, or
 * @-mention anyone.
 */

/** Backslash-escaped in CommonMark: `\` first so later escapes are not doubled. */
const MARKDOWN_PUNCTUATION = /[\\`*_~[\]|<>&]/g;
/** Bidirectional overrides and isolates (Trojan Source) and zero-width formatting characters. */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/**
 * Makes `text` render literally as inline markdown, also inside a table cell: punctuation that
 * starts markup is backslash-escaped (a backslash-escaped `<` renders as `&lt;`, so no HTML
 * survives), newlines become `<br>`, control and bidi characters are removed, `@` gets a
 * zero-width space after it so that `@org/team` in a tag does not notify anyone, and `://` and
 * `www.` are broken up so that a bare URL is not autolinked.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(INVISIBLE, '')
    .replace(CONTROL, '')
    .replace(MARKDOWN_PUNCTUATION, (c) => `\\${c}`)
    .replace(/@/g, '@\u200b')
    // GFM autolinks bare URLs; the link shows its own target, but a hostile URL should not be one click away.
    .replace(/:\/\//g, '\\://')
    .replace(/\bwww\./gi, (w) => `${w.slice(0, 3)}\\.`)
    .replace(/\r\n|\r|\n/g, '<br>')
    .replace(/\t/g, ' ');
}

/**
 * An untrusted identifier shown as code when it is plain (kebab-case rule ids, account ids,
 * regions), escaped text otherwise: inside a code span a backslash escape does not work, so a
 * backtick in the value would end the span.
 */
export function codeOrText(value: string): string {
  return /^[A-Za-z0-9._:/-]+$/.test(value) ? `\`${value}\`` : escapeMarkdown(value);
}

/**
 * A link target from report data (a rule's docs URL). Only http(s) URLs are linked; characters
 * that would end the link destination are percent-encoded. Returns undefined for anything else,
 * so that the caller renders plain text instead of a `javascript:` link.
 */
export function safeUrl(url: string): string | undefined {
  if (!/^https?:\/\/[^\s]+$/i.test(url)) return undefined;
  return url.replace(/[()<>"'`\\|[\]]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** `[label](url)` when the URL is safe, else just the label. The label must already be markdown. */
export function markdownLink(label: string, url: string): string {
  const safe = safeUrl(url);
  return safe ? `[${label}](${safe})` : label;
}
