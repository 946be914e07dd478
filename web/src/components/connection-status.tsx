// The masthead's cluster connection: connected, syncing, reconnecting or error, with the last error beside
// it and the last complete sync in the tooltip. Files have no connection to show.
import { Label, Tooltip } from '@patternfly/react-core';
import type { Connection } from '../../../src/api/schemas.js';
import { useApi } from '../hooks/use-api.js';
import { useLiveConnection } from '../hooks/use-revision.js';

const LOOK: Record<Connection['state'], { color: 'green' | 'blue' | 'orange' | 'red'; text: string }> = {
  connected: { color: 'green', text: 'Connected' },
  syncing: { color: 'blue', text: 'Syncing' },
  reconnecting: { color: 'orange', text: 'Reconnecting' },
  error: { color: 'red', text: 'Connection error' },
};

export function ConnectionStatus() {
  const fetched = useApi('connection', {});
  // The event stream reports every change of state; before it is open (while syncing), the fetched answer stands.
  const connection = useLiveConnection() ?? fetched.data;
  if (!connection?.cluster) return null;
  const look = LOOK[connection.state];
  const troubled = connection.state === 'reconnecting' || connection.state === 'error';
  const lines = [
    `${look.text}: ${connection.source}`,
    connection.lastSyncTime ? `Last complete sync: ${new Date(connection.lastSyncTime).toLocaleString()}` : 'Not synced yet',
    ...(connection.lastError ? [`Last error (${new Date(connection.lastError.at).toLocaleTimeString()}): ${connection.lastError.message}`] : []),
  ];
  return (
    <Tooltip position="bottom" content={<div className="ml-tooltip">{lines.map((l, i) => <div key={i}>{l}</div>)}</div>}>
      <span className="ml-connection" data-connection={connection.state} tabIndex={0} aria-label={lines.join('. ')}>
        <Label color={look.color} isCompact>
          {look.text}
        </Label>
        {troubled && connection.lastError ? <span className="ml-connection__error">{connection.lastError.message}</span> : null}
      </span>
    </Tooltip>
  );
}
