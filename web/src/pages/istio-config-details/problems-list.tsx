// The editor's problems: one button per marker that moves the cursor to its line.
import { Button } from '@patternfly/react-core';
import { SeverityIcon } from '../../components/validation-summary.js';
import type { EditorMarker } from '../../components/yaml-editor.js';

export function ProblemsList({ markers, pending, onSelect }: { markers: readonly EditorMarker[]; pending: boolean; onSelect: (marker: EditorMarker) => void }) {
  if (markers.length === 0) return <p className="ml-subtle">{pending ? 'Checking…' : 'No issues found'}</p>;
  return (
    <ul className="ml-plain-list" aria-label="Problems">
      {markers.map((m, i) => (
        <li key={i} className="ml-problem">
          <SeverityIcon severity={m.severity} />
          <Button variant="link" isInline onClick={() => onSelect(m)} aria-label={`Line ${m.line}, column ${m.column}: ${m.message}. Go to line`}>
            Line {m.line}:{m.column}
          </Button>{' '}
          <span>{m.message}</span>
        </li>
      ))}
    </ul>
  );
}
