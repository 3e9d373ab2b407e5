import type { Decision } from './evaluate.js';

/** One line for a decision, naming the statements that made it: for finding messages and `envelope explain`. */
export function describeDecision(d: Decision): string {
  switch (d.result) {
    case 'allowed':
      return `allowed by ${d.chain.map((s) => s.ref).join(' + ') || 'an assumed identity policy'}${d.notes.length > 0 ? ` (${d.notes.join('; ')})` : ''}`;
    case 'denied':
      return d.kind === 'explicit' ? `explicitly denied by ${d.statement.ref}` : `implicitly denied: ${d.needed}`;
    case 'unknown':
      return `unknown: ${d.reason}`;
  }
}
