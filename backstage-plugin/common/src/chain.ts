/**
 * The drawer's chain diagram as data. The core draws each Snowflake stage's chain as a mermaid
 * flowchart (snowflakeChainMermaid); this reads that flowchart back into nodes and edges so the
 * frontend can draw it as SVG without shipping mermaid, and keeps the part around one resource.
 */
import type { Chain, ChainEdge, ChainNode } from './dto.js';

const NODE = /^\s*(\w+)\["(.*)"\]\s*$/;
const EDGE = /^\s*(\w+)\s+(-->|-\.->)\s+(\w+)\s*$/;

/** mermaidLabel's escapes (#96;) back to characters; the frontend escapes again as it renders. */
export function decodeMermaidLabel(label: string): string {
  return label.replace(/#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)));
}

function kindOf(label: string): ChainNode['kind'] {
  const word = label.split(' ', 1)[0];
  return word === 'stage' || word === 'integration' || word === 'role' || word === 'bucket' || word === 'key' ? word : 'other';
}

export function parseChainMermaid(source: string): Chain {
  const nodes: ChainNode[] = [];
  const edges: ChainEdge[] = [];
  for (const line of source.split('\n')) {
    const n = NODE.exec(line);
    if (n) {
      const label = decodeMermaidLabel(n[2] ?? '');
      nodes.push({ id: n[1] ?? '', kind: kindOf(label), label });
      continue;
    }
    const e = EDGE.exec(line);
    if (e) edges.push({ from: e[1] ?? '', to: e[3] ?? '', known: e[2] === '-->' });
  }
  return { nodes, edges, source: 'snowflake-chain' };
}

/**
 * The chain through the node labelled `<kind> <name>`: what leads to it (a bucket's stage) and
 * everything downstream of those (the stage's integration, role, bucket, key). Another stage that
 * merely shares the role stays out. Undefined when the chain does not mention the resource.
 */
export function chainAround(chain: Chain, kind: ChainNode['kind'], name: string): Chain | undefined {
  const start = chain.nodes.find((n) => n.kind === kind && n.label === `${kind} ${name}`);
  if (!start) return undefined;
  const walk = (from: Set<string>, forward: boolean): Set<string> => {
    const seen = new Set(from);
    for (let grew = true; grew; ) {
      grew = false;
      for (const e of chain.edges) {
        const [a, b] = forward ? [e.from, e.to] : [e.to, e.from];
        if (seen.has(a) && !seen.has(b)) {
          seen.add(b);
          grew = true;
        }
      }
    }
    return seen;
  };
  const upstream = walk(new Set([start.id]), false);
  const keep = walk(upstream, true);
  return {
    nodes: chain.nodes.filter((n) => keep.has(n.id)).map((n) => (n.id === start.id ? { ...n, current: true } : n)),
    edges: chain.edges.filter((e) => keep.has(e.from) && keep.has(e.to)),
    source: chain.source,
  };
}
