// One Istio object in the YAML editor: markers at the server's line and column, refreshed while typing by
// validating the unsaved text; Save (refusals placed in the text), Reload, Delete with confirmation, each
// confirmation a PatternFly modal, Create and Delete followed by a notice. When someone else saved first,
// the refusal offers the current version, or the person's change re-applied on it.
import { Alert, AlertActionCloseButton, AlertActionLink, Button, Card, CardBody, CardTitle, Flex, FlexItem, Modal, ModalBody, ModalFooter, ModalHeader, PageSection, Title } from '@patternfly/react-core';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError } from '../../../../src/api/client.js';
import type { CurrentVersion } from '../../../../src/api/schemas.js';
import { api } from '../../api.js';
import { Link } from '../../components/link.js';
import { LoadState } from '../../components/load-state.js';
import { WhatIfPanel } from '../../components/what-if-panel.js';
import { YamlEditor, type YamlEditorHandle } from '../../components/yaml-editor.js';
import { useApi } from '../../hooks/use-api.js';
import { flash, flashNotice } from '../../hooks/use-flash.js';
import { navigate, setNavigationGuard } from '../../hooks/use-location.js';
import { useReadOnlyReason, useSession } from '../../hooks/use-session.js';
import { useWhatIf } from '../../hooks/use-what-if.js';
import { objectPath, paths } from '../../routes.js';
import { AutoMtlsNote } from './auto-mtls-note.js';
import { ProblemsList } from './problems-list.js';
import { reapply } from './reapply.js';
import { isDirty, markersOf, useEditorState } from './use-editor-state.js';

const VALIDATE_DELAY_MS = 300;

/** A question before discarding unsaved edits: leaving the page, or reloading the object. */
type Confirm = { readonly title: string; readonly question: string; readonly action: string; readonly proceed: () => void };

export function IstioConfigDetailsPage({ namespace, kind, name }: { namespace: string; kind: string; name: string }) {
  const detail = useApi('configGet', { params: { namespace, kind, name } });
  const [state, dispatch] = useEditorState();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [confirm, setConfirm] = useState<Confirm | undefined>();
  const editor = useRef<YamlEditorHandle>(null);
  const session = useSession();
  const sessionReadOnly = useReadOnlyReason();
  const dirty = isDirty(state);
  // Which edges the unsaved text would change, before Save.
  const whatIf = useWhatIf(dirty ? state.text : undefined, { kind, namespace, name });
  // The object's own answer is exact (a cluster asks the API server about this object); the session's is general.
  const readOnlyReason = session && state.base ? (state.base.readOnlyReason ?? undefined) : sessionReadOnly;

  useEffect(() => {
    if (detail.data) dispatch({ type: 'loaded', detail: detail.data });
  }, [detail.data, dispatch]);

  // "Created …" from the create page that brought us here.
  useEffect(() => {
    const notice = flashNotice();
    if (notice) dispatch({ type: 'notice', notice });
  }, [dispatch]);

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
    setNavigationGuard((proceed) => {
      setConfirm({ title: 'Confirm Leave', question: 'You have unsaved changes, are you sure you want to leave?', action: 'Leave', proceed });
      return false;
    });
    const onUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onUnload);
    return () => {
      setNavigationGuard(undefined);
      window.removeEventListener('beforeunload', onUnload);
    };
  }, [dirty]);

  const markers = useMemo(() => markersOf(state.checks, state.problems, state.saveProblems), [state.checks, state.problems, state.saveProblems]);

  const saveText = async (text: string, resourceVersion: string) => {
    dispatch({ type: 'busy', busy: 'saving' });
    try {
      const saved = await api.call('configUpdate', { params: { namespace, kind, name }, body: { yaml: text, resourceVersion } });
      dispatch({ type: 'saved', detail: saved, notice: { variant: 'success', title: `Changes applied on ${namespace} / ${kind} / ${name}` } });
    } catch (error) {
      const e = error instanceof ApiError ? error : new ApiError(0, 'network', String(error));
      const where = e.problems[0]?.line ? ` (line ${e.problems[0].line}, column ${e.problems[0].column ?? 1})` : '';
      const title = e.code === 'conflict' ? 'Someone else changed this object' : e.code === 'invalid' ? `Not saved: the YAML is invalid${where}` : 'Could not save';
      const conflict = e.code === 'conflict' ? { current: e.current } : undefined;
      dispatch({ type: 'refused', notice: { variant: e.code === 'conflict' ? 'warning' : 'danger', title, body: e.message }, problems: e.problems, conflict });
    }
  };

  const save = async () => {
    if (!state.base) return;
    if (state.text.trim() === '') {
      dispatch({ type: 'refused', notice: { variant: 'danger', title: 'Not saved: the document is empty', body: `Write the ${kind}'s YAML, or use Delete to remove the object.` }, problems: [] });
      return;
    }
    await saveText(state.text, state.base.resourceVersion);
  };

  /** The version that won: as the conflict said, else as the server has it now. */
  const currentVersion = async (): Promise<CurrentVersion> => {
    const known = state.conflict?.current;
    if (known) return known;
    const now = await api.call('configGet', { params: { namespace, kind, name } });
    return { yaml: now.yaml, resourceVersion: now.resourceVersion };
  };

  const failed = (title: string, error: unknown) => dispatch({ type: 'notice', notice: { variant: 'danger', title, body: error instanceof Error ? error.message : String(error) } });

  const reloadCurrent = async () => {
    try {
      const current = await currentVersion();
      dispatch({ type: 'rebased', current, text: current.yaml, notice: { variant: 'info', title: `Showing the current version (${current.resourceVersion}); your edits were discarded` } });
    } catch (error) {
      failed('Could not load the current version', error);
    }
  };

  const reapplyMine = async () => {
    if (!state.base) return;
    const mine = state.text;
    const loaded = state.base.yaml;
    try {
      const current = await currentVersion();
      const merged = reapply(loaded, mine, current.yaml);
      if ('error' in merged) {
        failed('Could not re-apply your change', new Error(merged.error));
        return;
      }
      dispatch({ type: 'rebased', current, text: merged.text, notice: undefined });
      await saveText(merged.text, current.resourceVersion);
    } catch (error) {
      failed('Could not re-apply your change', error);
    }
  };

  const remove = async () => {
    if (!state.base) return;
    setConfirmDelete(false);
    dispatch({ type: 'busy', busy: 'deleting' });
    try {
      await api.call('configDelete', { params: { namespace, kind, name }, query: { resourceVersion: state.base.resourceVersion } });
      setNavigationGuard(undefined);
      const list = paths.istioList({ namespace });
      flash({ variant: 'success', title: `Deleted ${kind} ${namespace}/${name}` }, list);
      navigate(list);
    } catch (error) {
      dispatch({ type: 'refused', notice: { variant: 'danger', title: 'Could not delete', body: error instanceof Error ? error.message : String(error) }, problems: [] });
    }
  };

  const reloadNow = () => {
    if (detail.data) dispatch({ type: 'saved', detail: detail.data, notice: undefined });
    detail.reload();
  };
  const reload = () => {
    if (dirty) setConfirm({ title: 'Confirm Reload', question: 'You have unsaved changes, are you sure you want to reload?', action: 'Reload', proceed: reloadNow });
    else reloadNow();
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
                <Alert
                  variant={state.notice.variant}
                  isInline
                  title={state.notice.title}
                  actionClose={<AlertActionCloseButton onClose={() => dispatch({ type: 'notice', notice: undefined })} />}
                  actionLinks={
                    state.conflict ? (
                      <>
                        <AlertActionLink onClick={() => void reloadCurrent()}>Reload the current version</AlertActionLink>
                        <AlertActionLink onClick={() => void reapplyMine()}>Re-apply my change</AlertActionLink>
                      </>
                    ) : undefined
                  }
                >
                  {state.notice.body}
                  {state.conflict ? <p className="ml-subtle">Reloading discards your edits; re-applying saves the fields you changed on top of the current version.</p> : null}
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
                      {kind === 'DestinationRule' ? <AutoMtlsNote text={state.text} markers={markers} /> : null}
                    </CardBody>
                  </Card>
                  <Card>
                    <CardTitle>If you save this</CardTitle>
                    <CardBody>
                      <WhatIfPanel state={whatIf} idle="Nothing to compare: this is the saved object. Edit the YAML to see which edges would change outcome, and the traffic they carry." />
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
              <Modal variant="small" isOpen={confirm !== undefined} onClose={() => setConfirm(undefined)} aria-labelledby="confirm-discard-title">
                <ModalHeader title={confirm?.title} labelId="confirm-discard-title" />
                <ModalBody>{confirm?.question}</ModalBody>
                <ModalFooter>
                  <Button
                    variant="primary"
                    onClick={() => {
                      const proceed = confirm?.proceed;
                      setConfirm(undefined);
                      setNavigationGuard(undefined);
                      proceed?.();
                    }}
                  >
                    {confirm?.action}
                  </Button>
                  <Button variant="link" onClick={() => setConfirm(undefined)}>
                    Cancel
                  </Button>
                </ModalFooter>
              </Modal>
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
