/**
 * Suppression patterns: `*` matches any run of characters (slashes and colons included, so one
 * pattern covers a role path or every Region of an ARN), `?` one character; the rest is literal.
 */
const compiled = new Map<string, RegExp>();

export function matchesPattern(pattern: string, value: string): boolean {
  let re = compiled.get(pattern);
  if (!re) {
    const body = [...pattern].map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&'))).join('');
    re = new RegExp(`^${body}$`, 's');
    compiled.set(pattern, re);
  }
  return re.test(value);
}

export const hasWildcard = (pattern: string): boolean => /[*?]/.test(pattern);
