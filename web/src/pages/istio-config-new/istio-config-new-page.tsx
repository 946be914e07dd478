// Create an Istio object: a PeerAuthentication, DestinationRule or AuthorizationPolicy from a form with a
// live YAML preview, any other kind from YAML starting at a template, or whatever YAML is pasted. The server
// validates the text against the mesh before anything is written, and the what-if panel tells which edges
// would change. Errors show on a field once it has been touched, never on an untouched form.
import { ActionGroup, Alert, Button, Card, CardBody, CardTitle, Flex, FlexItem, Form, FormGroup, FormHelperText, FormSelect, FormSelectOption, HelperText, HelperTextItem, PageSection, TextInput, Title } from '@patternfly/react-core';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError } from '../../../../src/api/client.js';
import type { Check, LoadProblem } from '../../../../src/api/schemas.js';
import { api } from '../../api.js';
import { WhatIfPanel } from '../../components/what-if-panel.js';
import { YamlEditor } from '../../components/yaml-editor.js';
import { useApi } from '../../hooks/use-api.js';
import { flash } from '../../hooks/use-flash.js';
import { navigate } from '../../hooks/use-location.js';
import { useReadOnlyReason } from '../../hooks/use-session.js';
import { useWhatIf } from '../../hooks/use-what-if.js';
import { paths } from '../../routes.js';
import { markersOf } from '../istio-config-details/use-editor-state.js';
import { ProblemsList } from '../istio-config-details/problems-list.js';
import { isFormKind, templateYaml, type FormKind } from './kinds.js';
import { AP_POLICIES, DR_MODES, EMPTY_FORM, formErrors, PA_MODES, toYaml, type FormValues } from './to-yaml.js';

const PREVIEW_DELAY_MS = 300;

function Field({ id, label, error, helper, children }: { id: string; label: string; error?: string; helper?: string; children: ReactNode }) {
  return (
    <FormGroup label={label} fieldId={id}>
      {children}
      {error || helper ? (
        <FormHelperText>
          <HelperText>
            <HelperTextItem variant={error ? 'error' : 'default'}>{error ?? helper}</HelperTextItem>
          </HelperText>
        </FormHelperText>
      ) : null}
    </FormGroup>
  );
}

function KindFields({ kind, values, set, errors }: { kind: FormKind; values: FormValues; set: (patch: Partial<FormValues>) => void; errors: ReturnType<typeof formErrors> }) {
  const selector = (
    <Field id="selector" label="Workload Selector labels" error={errors.selector} helper="One or more labels to select a workload where the policy is applied, as app=reviews,version=v1. Empty: the whole namespace.">
      <TextInput id="selector" value={values.selector} onChange={(_e, v) => set({ selector: v })} validated={errors.selector ? 'error' : 'default'} />
    </Field>
  );
  if (kind === 'PeerAuthentication') {
    return (
      <>
        {selector}
        <Field id="pa-mode" label="Mutual TLS Mode">
          <FormSelect id="pa-mode" value={values.paMode} onChange={(_e, v) => set({ paMode: v as FormValues['paMode'] })}>
            {PA_MODES.map((m) => (
              <FormSelectOption key={m} value={m} label={m} />
            ))}
          </FormSelect>
        </Field>
        <Field id="port-level" label="Port Level MTLS" error={errors.portLevel} helper={values.portLevel.length === 0 ? 'PeerAuthentication has no Port Mutual TLS defined' : undefined}>
          {values.portLevel.map((p, i) => (
            <Flex key={i}>
              <TextInput aria-label={`Port number ${i + 1}`} value={p.port} onChange={(_e, v) => set({ portLevel: values.portLevel.map((q, j) => (j === i ? { ...q, port: v } : q)) })} />
              <FormSelect aria-label={`Port mode ${i + 1}`} value={p.mode} onChange={(_e, v) => set({ portLevel: values.portLevel.map((q, j) => (j === i ? { ...q, mode: v as FormValues['paMode'] } : q)) })}>
                {PA_MODES.map((m) => (
                  <FormSelectOption key={m} value={m} label={m} />
                ))}
              </FormSelect>
              <Button variant="link" onClick={() => set({ portLevel: values.portLevel.filter((_q, j) => j !== i) })}>
                Remove
              </Button>
            </Flex>
          ))}
          <Button variant="link" isInline onClick={() => set({ portLevel: [...values.portLevel, { port: '', mode: 'PERMISSIVE' }] })}>
            Add port
          </Button>
        </Field>
      </>
    );
  }
  if (kind === 'DestinationRule') {
    return (
      <>
        <Field id="host" label="Host" error={errors.host} helper={`The host clients call; *.${values.namespace || '<namespace>'}.svc.cluster.local covers the whole namespace.`}>
          <TextInput id="host" value={values.host} onChange={(_e, v) => set({ host: v })} validated={errors.host ? 'error' : 'default'} />
        </Field>
        <Field id="dr-mode" label="TLS" helper="TLS related settings for connections to the upstream service.">
          <FormSelect id="dr-mode" value={values.drMode} onChange={(_e, v) => set({ drMode: v as FormValues['drMode'] })}>
            {DR_MODES.map((m) => (
              <FormSelectOption key={m} value={m} label={m} />
            ))}
          </FormSelect>
        </Field>
      </>
    );
  }
  return (
    <>
      {selector}
      <Field id="ap-policy" label="Policy" helper={values.apPolicy === 'DENY_ALL' ? 'Denies all requests to workloads in given namespace(s)' : values.apPolicy === 'ALLOW_ALL' ? 'Allows all requests to workloads in given namespace(s)' : 'Builds an Authorization Policy based on Rules'}>
        <FormSelect id="ap-policy" value={values.apPolicy} onChange={(_e, v) => set({ apPolicy: v as FormValues['apPolicy'] })}>
          {AP_POLICIES.map((p) => (
            <FormSelectOption key={p} value={p} label={p} />
          ))}
        </FormSelect>
      </Field>
      {values.apPolicy === 'RULES' ? (
        <>
          <Field id="ap-action" label="Action">
            <FormSelect id="ap-action" value={values.apAction} onChange={(_e, v) => set({ apAction: v as FormValues['apAction'] })}>
              <FormSelectOption value="ALLOW" label="ALLOW" />
              <FormSelectOption value="DENY" label="DENY" />
            </FormSelect>
          </Field>
          <Field id="principals" label="From: principals" helper="Comma-separated, e.g. cluster.local/ns/travel-portal/sa/voyages" error={errors.rules}>
            <TextInput id="principals" value={values.principals} onChange={(_e, v) => set({ principals: v })} />
          </Field>
          <Field id="source-namespaces" label="From: namespaces">
            <TextInput id="source-namespaces" value={values.sourceNamespaces} onChange={(_e, v) => set({ sourceNamespaces: v })} />
          </Field>
          <Field id="methods" label="To: methods">
            <TextInput id="methods" value={values.methods} onChange={(_e, v) => set({ methods: v })} />
          </Field>
          <Field id="paths" label="To: paths">
            <TextInput id="paths" value={values.paths} onChange={(_e, v) => set({ paths: v })} />
          </Field>
        </>
      ) : null}
    </>
  );
}

function CreateForm({ kind }: { kind: FormKind }) {
  const namespaces = useApi('namespaces', {});
  const readOnly = useReadOnlyReason();
  const [values, setValues] = useState<FormValues>(EMPTY_FORM);
  const [preview, setPreview] = useState<{ yaml: string; checks: readonly Check[]; problems: readonly LoadProblem[] }>({ yaml: '', checks: [], problems: [] });
  const [failure, setFailure] = useState<ApiError | undefined>();
  const [creating, setCreating] = useState(false);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const set = (patch: Partial<FormValues>) => {
    setTouched((t) => new Set([...t, ...Object.keys(patch)]));
    setValues((v) => ({ ...v, ...patch }));
  };
  const allErrors = formErrors(kind, values);
  // What the person has not touched yet is not wrong yet: no red before the first input.
  const errors = Object.fromEntries(Object.entries(allErrors).filter(([field]) => touched.has(field) || (field === 'rules' && touched.has('apPolicy')) || (field === 'portLevel' && touched.has('portLevel')))) as typeof allErrors;
  const yaml = toYaml(kind, values);
  const valid = Object.keys(allErrors).length === 0;
  const whatIf = useWhatIf(valid ? yaml : undefined);

  useEffect(() => {
    if (!valid) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api.call('validate', { body: { yaml } }, { signal: controller.signal }).then(
        (result) => setPreview({ yaml, checks: result.objects[0]?.checks ?? [], problems: result.problems }),
        () => undefined,
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [yaml, valid]);

  const current = preview.yaml === yaml;
  const markers = useMemo(() => (current ? markersOf(preview.checks, preview.problems, []) : []), [current, preview]);

  const create = async () => {
    setCreating(true);
    setFailure(undefined);
    try {
      const created = await api.call('configCreate', { body: { yaml } });
      const editor = paths.istioDetails(created.namespace, created.kind, created.name);
      flash({ variant: 'success', title: `Created ${created.kind} ${created.namespace}/${created.name}` }, editor);
      navigate(editor);
    } catch (error) {
      setFailure(error instanceof ApiError ? error : new ApiError(0, 'network', String(error)));
      setCreating(false);
    }
  };

  const namespaceChanged = (namespace: string) => set(kind === 'DestinationRule' && (values.host === '' || values.host === `*.${values.namespace}.svc.cluster.local`) ? { namespace, host: `*.${namespace}.svc.cluster.local` } : { namespace });

  return (
    <Flex alignItems={{ default: 'alignItemsFlexStart' }} flexWrap={{ default: 'nowrap' }} className="ml-editor-layout">
      <FlexItem className="ml-form-column">
        <Card>
          <CardTitle>{kind}</CardTitle>
          <CardBody>
            <Form onSubmit={(e) => (e.preventDefault(), valid && readOnly === undefined && void create())}>
              <Field id="namespace" label="Namespace" error={errors.namespace}>
                <FormSelect id="namespace" value={values.namespace} onChange={(_e, v) => namespaceChanged(v)}>
                  <FormSelectOption value="" label="Select a namespace" isPlaceholder />
                  {(namespaces.data ?? []).map((n) => (
                    <FormSelectOption key={n.name} value={n.name} label={n.name} />
                  ))}
                </FormSelect>
              </Field>
              <Field id="name" label="Name" error={errors.name}>
                <TextInput id="name" value={values.name} onChange={(_e, v) => set({ name: v })} validated={errors.name ? 'error' : 'default'} />
              </Field>
              <KindFields kind={kind} values={values} set={set} errors={errors} />
              {failure ? (
                <Alert variant="danger" isInline title={failure.code === 'conflict' ? 'It already exists' : 'Not created'}>
                  {failure.message}
                </Alert>
              ) : null}
              <ActionGroup>
                <Button type="submit" variant="primary" isDisabled={!valid || readOnly !== undefined || creating} isLoading={creating}>
                  Create
                </Button>
                <Button variant="link" onClick={() => navigate(paths.istioList())}>
                  Cancel
                </Button>
              </ActionGroup>
            </Form>
          </CardBody>
        </Card>
      </FlexItem>
      <FlexItem grow={{ default: 'grow' }} className="ml-editor-column">
        <Card>
          <CardTitle>YAML preview</CardTitle>
          <CardBody>
            <YamlEditor value={yaml} markers={markers} readOnly label={`YAML preview of the new ${kind}`} />
            <div className="ml-preview-analysis">
              {valid ? <ProblemsList markers={markers} pending={!current} onSelect={() => undefined} /> : <p className="ml-subtle">Fill in the form to validate the object against the mesh.</p>}
            </div>
          </CardBody>
        </Card>
        <Card className="ml-what-if-card">
          <CardTitle>If you create this</CardTitle>
          <CardBody>
            <WhatIfPanel state={whatIf} idle="Fill in the form to see which edges would change outcome, and the traffic they carry." />
          </CardBody>
        </Card>
      </FlexItem>
    </Flex>
  );
}

/** Create from YAML: a kind's template, or (no kind) an empty editor to paste into. */
function CreateFromYaml({ kind }: { kind: string }) {
  const readOnly = useReadOnlyReason();
  const [text, setText] = useState(() => (kind ? templateYaml(kind, '') : ''));
  const [checked, setChecked] = useState<{ text: string; checks: readonly Check[]; problems: readonly LoadProblem[] }>({ text: '', checks: [], problems: [] });
  const [failure, setFailure] = useState<ApiError | undefined>();
  const [creating, setCreating] = useState(false);
  const whatIf = useWhatIf(text.trim() === '' ? undefined : text);

  useEffect(() => {
    if (text.trim() === '') return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api.call('validate', { body: { yaml: text } }, { signal: controller.signal }).then(
        (result) => setChecked({ text, checks: result.objects[0]?.checks ?? [], problems: result.problems }),
        () => undefined,
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [text]);

  const current = checked.text === text;
  const markers = useMemo(() => (current ? markersOf(checked.checks, checked.problems, []) : []), [current, checked]);

  const create = async () => {
    setCreating(true);
    setFailure(undefined);
    try {
      const created = await api.call('configCreate', { body: { yaml: text } });
      const editor = paths.istioDetails(created.namespace, created.kind, created.name);
      flash({ variant: 'success', title: `Created ${created.kind} ${created.namespace}/${created.name}` }, editor);
      navigate(editor);
    } catch (error) {
      setFailure(error instanceof ApiError ? error : new ApiError(0, 'network', String(error)));
      setCreating(false);
    }
  };

  return (
    <Flex alignItems={{ default: 'alignItemsFlexStart' }} flexWrap={{ default: 'nowrap' }} className="ml-editor-layout">
      <FlexItem grow={{ default: 'grow' }} className="ml-editor-column">
        <Card>
          <CardTitle>{kind ? `YAML of the new ${kind}` : 'Paste or write the YAML of one object'}</CardTitle>
          <CardBody>
            <YamlEditor value={text} onChange={setText} markers={markers} label={kind ? `YAML of the new ${kind}` : 'YAML of the new object'} />
            {failure ? (
              <Alert variant="danger" isInline title={failure.code === 'conflict' ? 'It already exists' : 'Not created'} className="ml-preview-analysis">
                {failure.message}
              </Alert>
            ) : null}
            <div className="ml-editor-actions">
              <Button variant="primary" onClick={() => void create()} isDisabled={text.trim() === '' || readOnly !== undefined || creating} isLoading={creating}>
                Create
              </Button>
              <Button variant="link" onClick={() => navigate(paths.istioList())}>
                Cancel
              </Button>
            </div>
          </CardBody>
        </Card>
      </FlexItem>
      <FlexItem className="ml-side-column">
        <Card>
          <CardTitle>Configuration Analysis</CardTitle>
          <CardBody>{text.trim() === '' ? <p className="ml-subtle">Paste a document to validate it against the mesh.</p> : <ProblemsList markers={markers} pending={!current} onSelect={() => undefined} />}</CardBody>
        </Card>
        <Card>
          <CardTitle>If you create this</CardTitle>
          <CardBody>
            <WhatIfPanel state={whatIf} idle="Paste a document to see which edges would change outcome, and the traffic they carry." />
          </CardBody>
        </Card>
      </FlexItem>
    </Flex>
  );
}

export function IstioConfigNewPage({ kind }: { kind: string }) {
  return (
    <>
      <PageSection>
        <Title headingLevel="h1">{kind ? `Create ${kind}` : 'Create from YAML'}</Title>
      </PageSection>
      <PageSection>{isFormKind(kind) ? <CreateForm key={kind} kind={kind} /> : <CreateFromYaml key={kind} kind={kind} />}</PageSection>
    </>
  );
}
