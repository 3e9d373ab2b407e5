/**
 * The stage → integration → role → bucket → key chain as SVG: columns by distance from the
 * chain's start, one box per object, dashed arrows for links the scan could not read. Labels are
 * account data rendered as React text (escaped); the layout is the only thing computed here.
 */
import type { Chain, ChainNode } from '@envelope/plugin-envelope-common';
import { useTheme } from '@material-ui/core';

const BOX_W = 210;
const BOX_H = 40;
const GAP_X = 50;
const GAP_Y = 16;
const MAX_CHARS = 28;

const KIND_ORDER: Record<ChainNode['kind'], number> = { stage: 0, integration: 1, role: 2, bucket: 1, key: 2, other: 3 };

function layout(chain: Chain) {
  const incoming = new Map<string, number>();
  for (const e of chain.edges) incoming.set(e.to, (incoming.get(e.to) ?? 0) + 1);
  const depth = new Map<string, number>();
  const roots = chain.nodes.filter((n) => !incoming.get(n.id));
  const queue = (roots.length ? roots : chain.nodes.slice(0, 1)).map((n) => n.id);
  for (const id of queue) depth.set(id, 0);
  while (queue.length) {
    const id = queue.shift()!;
    for (const e of chain.edges) {
      if (e.from === id && !depth.has(e.to)) {
        depth.set(e.to, (depth.get(id) ?? 0) + 1);
        queue.push(e.to);
      }
    }
  }
  const columns = new Map<number, ChainNode[]>();
  for (const n of chain.nodes) {
    const d = depth.get(n.id) ?? 0;
    columns.set(d, [...(columns.get(d) ?? []), n]);
  }
  for (const col of columns.values()) col.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
  const pos = new Map<string, { x: number; y: number }>();
  let rows = 1;
  for (const [d, col] of columns) {
    rows = Math.max(rows, col.length);
    col.forEach((n, i) => pos.set(n.id, { x: d * (BOX_W + GAP_X), y: i * (BOX_H + GAP_Y) }));
  }
  return { pos, width: columns.size * (BOX_W + GAP_X) - GAP_X, height: rows * (BOX_H + GAP_Y) - GAP_Y };
}

const clip = (s: string) => (s.length > MAX_CHARS ? `${s.slice(0, MAX_CHARS - 1)}…` : s);

export function ChainDiagram({ chain }: { chain: Chain }) {
  const theme = useTheme();
  const { pos, width, height } = layout(chain);
  const pad = 4;
  const stroke = theme.palette.text.secondary;
  return (
    <svg
      role="img"
      aria-label={`chain: ${chain.nodes.map((n) => n.label).join(', ')}`}
      data-testid="chain-diagram"
      width={width + pad * 2}
      height={height + pad * 2}
      viewBox={`${-pad} ${-pad} ${width + pad * 2} ${height + pad * 2}`}
      style={{ maxWidth: '100%', fontFamily: theme.typography.fontFamily }}
    >
      <defs>
        <marker id="envelope-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" fill={stroke} />
        </marker>
      </defs>
      {chain.edges.map((e) => {
        const a = pos.get(e.from);
        const b = pos.get(e.to);
        if (!a || !b) return null;
        return (
          <line
            key={`${e.from}-${e.to}`}
            x1={a.x + BOX_W}
            y1={a.y + BOX_H / 2}
            x2={b.x - 2}
            y2={b.y + BOX_H / 2}
            stroke={stroke}
            strokeWidth={1.5}
            strokeDasharray={e.known ? undefined : '5 4'}
            markerEnd="url(#envelope-arrow)"
          />
        );
      })}
      {chain.nodes.map((n) => {
        const p = pos.get(n.id)!;
        const [kind, ...rest] = n.label.split(' ');
        const name = rest.join(' ');
        return (
          <g key={n.id} transform={`translate(${p.x},${p.y})`} data-kind={n.kind}>
            <title>{n.label}</title>
            <rect
              width={BOX_W}
              height={BOX_H}
              rx={6}
              fill={n.current ? theme.palette.primary.main : theme.palette.background.paper}
              stroke={n.current ? theme.palette.primary.dark : stroke}
              strokeDasharray={name === '?' ? '4 3' : undefined}
            />
            <text x={10} y={15} fontSize={10} fill={n.current ? theme.palette.primary.contrastText : stroke}>
              {kind}
            </text>
            <text x={10} y={31} fontSize={13} fill={n.current ? theme.palette.primary.contrastText : theme.palette.text.primary}>
              {clip(name)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
