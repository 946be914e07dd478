// "Generate STRICT policy": the PeerAuthentication readiness proposes, previewed, then saved through the
// console's config API (created, or replacing the policy Istio uses today, with its resourceVersion).
import { Alert, Button, Modal, ModalBody, ModalFooter, ModalHeader } from '@patternfly/react-core';
import { useState } from 'react';
import type { Readiness } from '../../../../src/api/schemas.js';
import { api } from '../../api.js';
import { YamlEditor } from '../../components/yaml-editor.js';

async function apply(policy: Readiness['policy']): Promise<void> {
  if (!policy.replaces) {
    await api.call('configCreate', { body: { yaml: policy.yaml } });
    return;
  }
  const [kind = '', namespace = '', name = ''] = policy.replaces.split('/');
  const current = await api.call('configGet', { params: { namespace, kind, name } });
  await api.call('configUpdate', { params: { namespace, kind, name }, body: { yaml: policy.yaml, resourceVersion: current.resourceVersion } });
}

export function StrictPolicyModal({ policy, onClose, onApplied }: { policy: Readiness['policy']; onClose: () => void; onApplied: () => void }) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | undefined>();
  const submit = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      await apply(policy);
      onApplied();
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
      setBusy(false);
    }
  };
  return (
    <Modal variant="medium" isOpen onClose={onClose} aria-labelledby="strict-policy-title">
      <ModalHeader title="STRICT PeerAuthentication" labelId="strict-policy-title" description={policy.replaces ? `Replaces ${policy.replaces}, the policy Istio uses for this scope today.` : `Creates ${policy.ref}.`} />
      <ModalBody>
        <YamlEditor value={policy.yaml} markers={[]} readOnly label={`YAML of ${policy.ref}`} />
        {failure ? (
          <Alert variant="danger" isInline title="Not applied" className="ml-hidden-alert">
            {failure}
          </Alert>
        ) : null}
      </ModalBody>
      <ModalFooter>
        <Button variant="primary" onClick={() => void submit()} isLoading={busy} isDisabled={busy}>
          Apply
        </Button>
        <Button variant="link" onClick={onClose}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
