// The legend: every shape, colour, line pattern and glyph the graph uses, drawn with the same values.
import { Button, Title } from '@patternfly/react-core';
import { TimesIcon } from '@patternfly/react-icons';
import type { ReactNode } from 'react';
import { LockIcon } from '../../components/lock-icon.js';
import type { Lock } from '../../../../src/api/schemas.js';
import { COLORS, SECURITY_LINES, type EdgeLook } from './graph-style.js';

function Swatch({ children }: { children: ReactNode }) {
  return (
    <svg width="34" height="18" viewBox="0 0 34 18" aria-hidden="true" focusable="false">
      {children}
    </svg>
  );
}

const line = (color: string, dash?: string, width = 2) => (
  <Swatch>
    <line x1="2" y1="9" x2="32" y2="9" stroke={color} strokeWidth={width} strokeDasharray={dash} />
  </Swatch>
);

const node = (shape: ReactNode) => <Swatch>{shape}</Swatch>;

/** A Security row: the edge's line (graph-style.ts's look, in legend pixels) and its lock. */
const securityRow = (lock: Lock, look: Partial<EdgeLook> = {}) => (
  <span className="ml-graph-legend__security" key={lock}>
    {line(COLORS.healthy, look.dash?.join(' '), look.width)}
    <LockIcon lock={lock} />
  </span>
);

/** overlay.ts's marks: a letter in a filled circle. */
const mark = (cx: number, color: string, letter: string) => (
  <g>
    <circle cx={cx} cy="9" r="6.5" fill={color} stroke="#fff" strokeWidth="1" />
    <text x={cx} y="12" textAnchor="middle" fontSize="8.5" fontWeight="700" fill="#fff">
      {letter}
    </text>
  </g>
);

const ROWS: readonly { section: string; items: readonly [ReactNode, string][] }[] = [
  {
    section: 'Nodes',
    items: [
      [node(<circle cx="17" cy="9" r="7" fill="#fff" stroke={COLORS.healthy} strokeWidth="2" />), 'Workload'],
      [node(<rect x="9" y="3" width="16" height="12" rx="3" fill="#fff" stroke={COLORS.healthy} strokeWidth="2" />), 'App'],
      [node(<polygon points="17,2 25,16 9,16" fill="#fff" stroke={COLORS.healthy} strokeWidth="2" />), 'Service'],
      [node(<polygon points="17,1 25,9 17,17 9,9" fill="#f0f0f0" stroke={COLORS.healthy} strokeWidth="2" />), 'Unknown caller: no identity (outside the mesh, no sidecar, or plaintext TCP)'],
      [node(<circle cx="17" cy="9" r="7" fill="#fff" stroke={COLORS.healthy} strokeWidth="2" strokeDasharray="3 2" />), 'Missing sidecar (dashed, red badge)'],
      [
        node(
          <>
            <circle cx="19" cy="10" r="6.5" fill="#fff" stroke={COLORS.healthy} strokeWidth="3.5" />
            <circle cx="19" cy="10" r="6.5" fill="none" stroke="#fff" strokeWidth="1" />
            {mark(9, COLORS.ambient, 'A')}
          </>,
        ),
        'Ambient: ztunnel carries its traffic (double ring, blue A)',
      ],
    ],
  },
  {
    section: 'Configuration',
    items: [
      [
        <Swatch key="predicted-failure">
          <line x1="2" y1="9" x2="32" y2="9" stroke={COLORS.predictedFailure} strokeWidth="3" strokeDasharray="10 4 2 4" />
          {mark(17, COLORS.predictedFailure, '✕')}
        </Swatch>,
        'Predicted to fail (magenta dash-dot, ✕): the configuration refuses this caller; kept when it was seen only before the window',
      ],
    ],
  },
  {
    section: 'Ambient',
    items: [
      [
        <Swatch key="waypoint">
          <line x1="2" y1="9" x2="32" y2="9" stroke={COLORS.waypoint} strokeWidth="6" />
          <line x1="2" y1="9" x2="32" y2="9" stroke={COLORS.healthy} strokeWidth="2" />
          {mark(17, COLORS.waypoint, 'W')}
        </Swatch>,
        'Through a waypoint (purple casing, W)',
      ],
    ],
  },
  {
    section: 'Health (nodes and edges)',
    items: [
      [line(COLORS.healthy), 'Healthy'],
      [line(COLORS.degraded), 'Degraded: 5xx above 0 %, 4xx above 10 %'],
      [line(COLORS.failure), 'Failure: 5xx above 10 %, 4xx above 20 %'],
      [line(COLORS.tcp), 'TCP, healthy'],
      [line(COLORS.idle), 'Idle'],
    ],
  },
  {
    section: 'Security (Display → Security)',
    items: [
      [securityRow('full'), 'Full lock, solid line: 100 % mTLS'],
      [securityRow('hollow', SECURITY_LINES.partial), 'Hollow lock, dashed line: partly mTLS'],
      [securityRow('none', SECURITY_LINES.plaintext), 'Open red lock, dotted line: plaintext only'],
      [line(COLORS.idle), 'No lock: no data from the destination'],
    ],
  },
];

export function Legend({ onClose }: { onClose: () => void }) {
  return (
    <div className="ml-graph-legend" role="dialog" aria-label="Legend" data-testid="graph-legend">
      <div className="ml-graph-legend__head">
        <Title headingLevel="h2" size="md">
          Legend
        </Title>
        <Button variant="plain" aria-label="Close the legend" onClick={onClose} icon={<TimesIcon />} />
      </div>
      {ROWS.map((row) => (
        <section key={row.section}>
          <Title headingLevel="h3" size="md" className="ml-graph-legend__section">
            {row.section}
          </Title>
          <ul className="ml-plain-list">
            {row.items.map(([glyph, text]) => (
              <li key={text} className="ml-graph-legend__item">
                <span className="ml-graph-legend__glyph">{glyph}</span>
                {text}
              </li>
            ))}
          </ul>
        </section>
      ))}
      <p className="ml-subtle" data-testid="graph-legend-zoom">
        Zoomed out, dashes and dots keep their length on screen. On a graph of more than 2,000 nodes and edges, names and arrows appear once zoomed in; every node and edge is
        drawn at every zoom.
      </p>
    </div>
  );
}
