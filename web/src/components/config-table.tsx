// Istio config objects with their validation icon, linking to the editor.
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { ConfigSummary } from '../../../src/api/schemas.js';
import { paths } from '../routes.js';
import { Link } from './link.js';
import { ValidationSummary } from './validation-summary.js';

export function ConfigTable({ items, caption, showNamespace = true }: { items: readonly ConfigSummary[]; caption: string; showNamespace?: boolean }) {
  if (items.length === 0) return <p className="ml-subtle">No Istio config.</p>;
  return (
    <Table aria-label={caption} variant="compact">
      <Thead>
        <Tr>
          <Th modifier="wrap">Name</Th>
          {showNamespace ? <Th modifier="wrap">Namespace</Th> : null}
          <Th modifier="wrap">Kind</Th>
          <Th modifier="wrap">Configuration</Th>
          <Th modifier="wrap">File</Th>
        </Tr>
      </Thead>
      <Tbody>
        {items.map((c) => (
          <Tr key={`${c.namespace}/${c.kind}/${c.name}`} data-config={`${c.kind}/${c.namespace}/${c.name}`}>
            <Td dataLabel="Name">
              <Link to={paths.istioDetails(c.namespace, c.kind, c.name)}>{c.name}</Link>
            </Td>
            {showNamespace ? <Td dataLabel="Namespace">{c.namespace}</Td> : null}
            <Td dataLabel="Kind">{c.kind}</Td>
            <Td dataLabel="Configuration">{c.valid === null ? <span className="ml-subtle">N/A</span> : <ValidationSummary counts={{ objects: 1, errors: c.errors, warnings: c.warnings, unknown: c.unknown }} />}</Td>
            <Td dataLabel="File" className="ml-subtle">
              {c.file ? `${c.file}${c.line ? `:${c.line}` : ''}` : ''}
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
