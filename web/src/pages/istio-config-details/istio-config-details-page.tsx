// One Istio object in the YAML editor: markers at the server's line and column, refreshed while typing by
// validating the unsaved text; Save (refusals placed in the text), Reload, Delete with confirmation.
import { Alert, AlertActionCloseButton, Button, Card, CardBody, CardTitle, Flex, FlexItem, Modal, ModalBody, ModalFooter, ModalHeader, PageSection, Title } from '@patternfly/react-core';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError } from '../../../../src/api/client.js';
import { api } from '../../api.js';
import { Link } from '../../components/link.js';
import { LoadState } from '../../components/load-state.js';
import { YamlEditor, type YamlEditorHandle } from '../../components/yaml-editor.js';
import { useApi } from '../../hooks/use-api.js';
import { navigate, setNavigationGuard } from '../../hooks/use-location.js';
import { useReadOnlyReason } from '../../hooks/use-session.js';
import { objectPath, paths } from '../../routes.js';
import { ProblemsList } from './problems-list.js';
import { isDirty, markersOf, useEditorState } from './use-editor-state.js';

const VALIDATE_DELAY_MS = 300;
const LEAVE_QUESTION = 'You have unsaved changes, are you sure you want to leave?';

export function IstioConfigDetailsPage({ namespace, kind, name }: { namespace: string; kind: string; name: string }) {
  const detail = useApi('configGet', { params: { namespace, kind, name } });
  const [state, dispatch] = useEditorState();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const editor = useRef<YamlEditorHandle>(null);
  const sessionReadOnly = useReadOnlyReason();
  const dirty = isDirty(state);
  const readOnlyReason = sessionReadOnly ?? state.base?.readOnlyReason ?? undefined;

  useEffect(() => {
    if (detail.data) dispatch({ type: 'loaded', detail: detail.data });
  }, [detail.data, dispatch]);

  // Validate the unsaved text against the rest of the mesh, a moment after typing stops.
  useEffect(() => {
    if (!state.base || state.text === state.checkedText) return;
    const text = state.text;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api.call('validate', { body: { yaml: text, replaces: { kind, namespace, name } } }, { signal: controller.signal }).then(
        (result) => dispatch({ type: 'validated', text, checks: result.objects[0]?.checks ?? [], problems: result.problems }),
        () => undefined,
      );
    }, VALIDATE_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [state.text, state.checkedText, state.base, kind, namespace, name, dispatch]);

  useEffect(() => {
    if (!dirty) return;
    setNavigationGuard(() => window.confirm(LEAVE_QUESTION));
    const onUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onUnload);
    return () => {
      setNavigationGuard(undefined);
      window.removeEventListener('beforeunload', onUnload);
    };
  }, [dirty]);

  const markers = useMemo(() => markersOf(state.checks, state.problems, state.saveProblems), [state.checks, state.problems, state.saveProblems]);

  const save = async () => {
    if (!state.base) return;
    dispatch({ type: 'busy', busy: 'saving' });
    try {
      const saved = await api.call('configUpdate', { params: { namespace, kind, name }, body: { yaml: state.text, resourceVersion: state.base.resourceVersion } });
      dispatch({ type: 'saved', detail: saved, notice: { variant: 'success', title: `Changes applied on ${namespace} / ${kind} / ${name}` } });
    } catch (error) {
      const e = error instanceof ApiError ? error : new ApiError(0, 'network', String(error));
      const where = e.problems[0]?.line ? ` (line ${e.problems[0].line}, column ${e.problems[0].column ?? 1})` : '';
      const title = e.code === 'conflict' ? 'Someone else changed this object' : e.code === 'invalid' ? `Not saved: the YAML is invalid${where}` : 'Could not save';
      dispatch({ type: 'refused', notice: { variant: e.code === 'conflict' ? 'warning' : 'danger', title, body: e.message }, problems: e.problems });
    }
  };

  const remove = async () => {
    if (!state.base) return;
    setConfirmDelete(false);
    dispatch({ type: 'busy', busy: 'deleting' });
    try {
      await api.call('configDelete', { params: { namespace, kind, name }, query: { resourceVersion: state.base.resourceVersion } });
      setNavigationGuard(undefined);
      navigate(paths.istioList({ namespace }));
    } catch (error) {
      dispatch({ type: 'refused', notice: { variant: 'danger', title: 'Could not delete', body: error instanceof Error ? error.message : String(error) }, problems: [] });
    }
  };

  const reload = () => {
    if (dirty && !window.confirm('You have unsaved changes, are you sure you want to reload?')) return;
    if (detail.data) dispatch({ type: 'saved', detail: detail.data, notice: undefined });
    detail.reload();
  };

  return (
    <>
      <PageSection>
        <Title headingLevel="h1">
          {kind} {name} <span className="ml-subtle">in <Link to={paths.namespace(namespace)}>{namespace}</Link></span>
        </Title>
      </PageSection>
      <PageSection>
        <LoadState state={detail} what={`${kind} ${namespace}/${name}`}>
          {(object) => (
            <div className="ml-stack">
              {state.notice ? (
                <Alert variant={state.notice.variant} isInline title={state.notice.title} actionClose={<AlertActionCloseButton onClose={() => dispatch({ type: 'notice', notice: undefined })} />}>
                  {state.notice.body}
                  {state.notice.variant === 'warning' ? (
                    <div>
                      <Button variant="link" isInline onClick={reload}>
                        Reload the current version
                      </Button>{' '}
                      (your edits are discarded)
                    </div>
                  ) : null}
                </Alert>
              ) : null}
              {state.stale ? <Alert variant="warning" isInline title="This object changed since you started editing; saving will be refused until you reload." /> : null}
              <Flex alignItems={{ default: 'alignItemsFlexStart' }} flexWrap={{ default: 'nowrap' }} className="ml-editor-layout">
                <FlexItem grow={{ default: 'grow' }} className="ml-editor-column">
                  <Card>
                    <CardTitle>
                      YAML{dirty ? ' * ' : ''} <span className="ml-subtle">{object.file ? `${object.file}:${object.documentLine}` : ''}</span>
                    </CardTitle>
                    <CardBody>
                      <YamlEditor ref={editor} value={state.text} onChange={(text) => dispatch({ type: 'edited', text })} markers={markers} readOnly={readOnlyReason !== undefined} label={`YAML of ${kind} ${namespace}/${name}`} />
                      <div className="ml-editor-actions">
                        {readOnlyReason === undefined ? (
                          <Button variant="primary" onClick={() => void save()} isDisabled={!dirty || state.busy !== undefined} isLoading={state.busy === 'saving'}>
                            Save
                          </Button>
                        ) : null}
                        <Button variant="secondary" onClick={reload}>
                          Reload
                        </Button>
                        <Button variant="link" onClick={() => navigate(paths.istioList({ namespace }))}>
                          {readOnlyReason === undefined ? 'Cancel' : 'Close'}
                        </Button>
                        {readOnlyReason === undefined ? (
                          <Button variant="danger" onClick={() => setConfirmDelete(true)} isDisabled={state.busy !== undefined} isLoading={state.busy === 'deleting'}>
                            Delete
                          </Button>
                        ) : (
                          <span className="ml-subtle">Read-only: {readOnlyReason}</span>
                        )}
                      </div>
                    </CardBody>
                  </Card>
                </FlexItem>
                <FlexItem className="ml-side-column">
                  <Card>
                    <CardTitle>Configuration Analysis</CardTitle>
                    <CardBody>
                      <ProblemsList markers={markers} pending={state.text !== state.checkedText} onSelect={(m) => editor.current?.goTo(m.line, m.column)} />
                    </CardBody>
                  </Card>
                  <Card>
                    <CardTitle>References</CardTitle>
                    <CardBody>
                      {object.references.length === 0 ? (
                        <p className="ml-subtle">No references found for this object.</p>
                      ) : (
                        <ul className="ml-plain-list">
                          {object.references.map((r) => (
                            <li key={`${r.kind}/${r.namespace}/${r.name}`}>
                              <span className="ml-subtle">{r.relation}</span> <Link to={objectPath(r)}>{`${r.kind}/${r.namespace}/${r.name}`}</Link>
                            </li>
                          ))}
                        </ul>
                      )}
                    </CardBody>
                  </Card>
                </FlexItem>
              </Flex>
              <Modal variant="small" isOpen={confirmDelete} onClose={() => setConfirmDelete(false)} aria-labelledby="confirm-delete-title">
                <ModalHeader title="Confirm Delete" labelId="confirm-delete-title" />
                <ModalBody>
                  Are you sure you want to delete the {kind} &apos;{name}&apos;? It cannot be undone. Make sure this is something you really want to do!
                </ModalBody>
                <ModalFooter>
                  <Button variant="danger" onClick={() => void remove()}>
                    Delete
                  </Button>
                  <Button variant="link" onClick={() => setConfirmDelete(false)}>
                    Cancel
                  </Button>
                </ModalFooter>
              </Modal>
            </div>
          )}
        </LoadState>
      </PageSection>
    </>
  );
}
