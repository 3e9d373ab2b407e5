import { describe, expect, it } from 'vitest';
import { codeOrText, escapeMarkdown, markdownLink, safeUrl } from './markdown-escape.js';
import { HOSTILE_NAME } from './testing-report.js';

/** Characters of `s` in `chars` that are not backslash-escaped (an even run of backslashes before them). */
function unescaped(s: string, chars: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < s.length; i++) {
    if (!chars.includes(s[i] as string)) continue;
    let slashes = 0;
    for (let j = i - 1; j >= 0 && s[j] === '\\'; j--) slashes++;
    if (slashes % 2 === 0) found.push(s[i] as string);
  }
  return found;
}

describe('escapeMarkdown', () => {
  it.each([
    ['plain text stays plain', 'analytics-raw', 'analytics-raw'],
    ['pipes cannot split a table cell', 'a|b', 'a\\|b'],
    ['emphasis and code markers', '*bold* _it_ `code` ~strike~', '\\*bold\\* \\_it\\_ \\`code\\` \\~strike\\~'],
    ['backslash first, so escapes are not undone', '\\|', '\\\\\\|'],
    ['HTML is escaped', '<b>x</b>', '\\<b\\>x\\</b\\>'],
    ['entities stay literal', '&lt;', '\\&lt;'],
    ['newlines stay inside the cell', 'line1\nline2\r\nline3', 'line1<br>line2<br>line3'],
    ['mentions do not notify', '@org/team', '@\u200borg/team'],
    ['bare URLs are not autolinked', 'see https://evil.example and www.evil.example', 'see https\\://evil.example and www\\.evil.example'],
    ['control and bidi characters are removed', 'a\u0007b\u202ec\u0000', 'abc'],
  ])('%s', (_, input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  it('defuses a hostile bucket name: no HTML, no link, no extra table cell', () => {
    const escaped = escapeMarkdown(HOSTILE_NAME);
    expect(escaped).toBe('x\\|\\<img src=x onerror=alert(1)\\>\\[link\\](http\\://evil)');
    expect(unescaped(escaped, '|<>[]`*_')).toEqual([]);
    // Inside a table row the cell count is unchanged: every | left unescaped is ours.
    const rowText = `| ${escaped} | ok |`;
    expect(unescaped(rowText, '|')).toHaveLength(3);
  });

  it('escapes whatever it is given, including characters used for its own escapes', () => {
    const nasty = '\\`<script>alert(1)</script>`\\';
    expect(unescaped(escapeMarkdown(nasty), '<>`')).toEqual([]);
  });
});

describe('codeOrText and links', () => {
  it('uses a code span only for plain identifiers', () => {
    expect(codeOrText('kms-rotation-enabled')).toBe('`kms-rotation-enabled`');
    expect(codeOrText('eu-west-1')).toBe('`eu-west-1`');
    expect(codeOrText('a`b')).toBe('a\\`b');
  });

  it('links only http(s) URLs and encodes characters that would end the destination', () => {
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('https://x.example/a b')).toBeUndefined();
    expect(safeUrl('https://x.example/a)(b')).toBe('https://x.example/a%29%28b');
    expect(markdownLink('`r`', 'data:text/html,hi')).toBe('`r`');
    expect(markdownLink('`r`', 'https://docs.example/r')).toBe('[`r`](https://docs.example/r)');
  });
});
