// The masthead lock: the mesh-wide state at a glance, with what decided it in the tooltip. It links to the
// security posture page, where every namespace, workload and port is listed.
import { Tooltip } from '@patternfly/react-core';
import { paths } from '../routes.js';
import { useApi } from '../hooks/use-api.js';
import { Link } from './link.js';
import { LOCKS, LockIcon } from './lock-icon.js';
import { decidedByText, MESH_MESSAGES, MODE_LABELS } from './modes.js';

export function MeshLock() {
  const { data: mesh, error } = useApi('mesh', {});
  if (error) return <span className="ml-masthead-lock ml-subtle">mesh status unavailable</span>;
  if (!mesh) return <span className="ml-masthead-lock ml-subtle">…</span>;
  const word = MODE_LABELS[mesh.mode];
  const lines = [
    MESH_MESSAGES[mesh.lock],
    `Effective mode: ${mesh.mode}, ${decidedByText(mesh.decidedBy)}`,
    `Auto mTLS: ${mesh.autoMtls ? 'on' : 'off'}`,
    `Minimum TLS version: ${mesh.minProtocolVersion}`,
    ...mesh.explanation,
  ];
  return (
    <Tooltip position="bottom" content={<div className="ml-tooltip">{lines.map((l, i) => <div key={i}>{l}</div>)}</div>}>
      <Link to={paths.security()} className="ml-masthead-lock" ariaLabel={`Mesh: ${LOCKS[mesh.lock].label}, ${word}; the tooltip says why`}>
        <span data-mesh-lock={mesh.lock}>
          <LockIcon lock={mesh.lock} label={`Mesh: ${LOCKS[mesh.lock].label}`} />
        </span>
        <span className="ml-masthead-lock__text">mTLS: {word}</span>
      </Link>
    </Tooltip>
  );
}
