/**
 * Three-valued logic for policy evaluation: a condition can be true, false, or 'unknown' when the
 * request context cannot know a key it tests. Unknown never collapses into true or false by guessing.
 */
export type Tri = true | false | 'unknown';

export const triNot = (a: Tri): Tri => (a === 'unknown' ? 'unknown' : !a);

/** Kleene AND: false dominates, then unknown. */
export function triAll(values: Iterable<Tri>): Tri {
  let sawUnknown = false;
  for (const v of values) {
    if (v === false) return false;
    if (v === 'unknown') sawUnknown = true;
  }
  return sawUnknown ? 'unknown' : true;
}

/** Kleene OR: true dominates, then unknown. */
export function triAny(values: Iterable<Tri>): Tri {
  let sawUnknown = false;
  for (const v of values) {
    if (v === true) return true;
    if (v === 'unknown') sawUnknown = true;
  }
  return sawUnknown ? 'unknown' : false;
}
