// The graph's controls in two rows at most: namespaces, graph type, period, refresh, Display (Security,
// missing-sidecar badges, idle nodes) and edge labels; then Find and Hide with presets and help, and the
// legend toggle. Zoom, fit and layout sit on the canvas (graph-controls.tsx).
import {
  Button,
  FormHelperText,
  FormSelect,
  FormSelectOption,
  HelperText,
  HelperTextItem,
  MenuToggle,
  Popover,
  Select,
  SelectList,
  SelectOption,
  TextInput,
  Toolbar,
  ToolbarContent,
  ToolbarGroup,
  ToolbarItem,
} from '@patternfly/react-core';
import { HelpIcon, MapIcon, SyncAltIcon } from '@patternfly/react-icons';
import { useState } from 'react';
import type { GraphType } from '../../../../src/api/graph-schemas.js';
import { FIND_PRESETS, HIDE_PRESETS, OPERANDS, OPERATORS, type Matcher } from './find-hide.js';
import { LayoutSelect } from './graph-controls.js';
import { DURATIONS, EDGE_LABELS, GRAPH_TYPES, REFRESHES, type EdgeLabels, type GraphSettings } from './graph-settings.js';

interface Props {
  readonly settings: GraphSettings;
  readonly namespaces: readonly string[];
  readonly find: Matcher | undefined;
  readonly hide: Matcher | undefined;
  readonly onChange: (change: Partial<GraphSettings>) => void;
  readonly onRefresh: () => void;
  readonly legend: boolean;
  readonly onLegend: () => void;
}

function NamespaceSelect({ all, chosen, onChange }: { all: readonly string[]; chosen: readonly string[]; onChange: (namespaces: string[]) => void }) {
  const [open, setOpen] = useState(false);
  const label = chosen.length === 0 ? 'All namespaces' : chosen.length === 1 ? chosen[0] : `${chosen.length} namespaces`;
  return (
    <Select
      role="menu"
      isOpen={open}
      onOpenChange={setOpen}
      isScrollable
      maxMenuHeight="22rem"
      onSelect={(_e, value) => {
        const ns = String(value);
        onChange(chosen.includes(ns) ? chosen.filter((n) => n !== ns) : [...chosen, ns].sort());
      }}
      toggle={(ref) => (
        <MenuToggle ref={ref} onClick={() => setOpen(!open)} isExpanded={open} aria-label="Namespaces">
          {label}
        </MenuToggle>
      )}
    >
      <SelectList>
        {all.map((ns) => (
          <SelectOption key={ns} value={ns} hasCheckbox isSelected={chosen.includes(ns)}>
            {ns}
          </SelectOption>
        ))}
      </SelectList>
    </Select>
  );
}

function DisplaySelect({ settings, onChange }: Pick<Props, 'settings' | 'onChange'>) {
  const [open, setOpen] = useState(false);
  const options: readonly { key: 'security' | 'sidecars' | 'idle'; label: string; description: string }[] = [
    { key: 'security', label: 'Security', description: 'Locks on edges by their share of mTLS; plaintext dotted' },
    { key: 'sidecars', label: 'Missing sidecars', description: 'A badge on workloads without sidecar' },
    { key: 'idle', label: 'Idle nodes', description: 'Workloads of the namespaces that carried no traffic' },
  ];
  return (
    <Select
      role="menu"
      isOpen={open}
      onOpenChange={setOpen}
      onSelect={(_e, value) => {
        const key = value as (typeof options)[number]['key'];
        onChange({ [key]: !settings[key] });
      }}
      toggle={(ref) => (
        <MenuToggle ref={ref} onClick={() => setOpen(!open)} isExpanded={open}>
          Display
        </MenuToggle>
      )}
    >
      <SelectList aria-label="Display options">
        {options.map((o) => (
          <SelectOption key={o.key} value={o.key} hasCheckbox isSelected={settings[o.key]} description={o.description}>
            {o.label}
          </SelectOption>
        ))}
      </SelectList>
    </Select>
  );
}

function FindHelp() {
  return (
    <Popover
      headerContent="Find / Hide"
      maxWidth="36rem"
      bodyContent={
        <div className="ml-graph-help">
          <p>
            An expression tests edges or nodes: <code>operand op value</code>, joined by AND / OR (AND first), grouped with parentheses. Examples: <code>plaintext</code>, <code>mtls &gt; 0 AND mtls &lt; 100</code>,{' '}
            <code>mismatch</code>, <code>!sidecar</code>, <code>namespace = travel-agency</code>.
          </p>
          <dl>
            {Object.entries(OPERANDS).map(([name, o]) => (
              <div key={name}>
                <dt>
                  <code>{name}</code> ({o.target})
                </dt>
                <dd>{o.help}</dd>
              </div>
            ))}
          </dl>
          <dl>
            {OPERATORS.map((o) => (
              <div key={o.op}>
                <dt>
                  <code>{o.op}</code>
                </dt>
                <dd>{o.help}</dd>
              </div>
            ))}
          </dl>
        </div>
      }
    >
      <Button variant="plain" aria-label="Find and Hide help" icon={<HelpIcon />} />
    </Popover>
  );
}

/** An expression input applied on Enter or when leaving it, with presets and its error under it. */
function ExpressionInput({ label, value, matcher, presets, onApply }: { label: 'Find' | 'Hide'; value: string; matcher: Matcher | undefined; presets: readonly { label: string; expression: string }[]; onApply: (v: string) => void }) {
  const [text, setText] = useState(value);
  const [open, setOpen] = useState(false);
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    // The URL changed the expression (a preset, a summary link, back/forward): show it.
    setShown(value);
    setText(value);
  }
  return (
    <div className="ml-graph-expression">
      <div className="ml-graph-expression__row">
        <TextInput
          aria-label={label}
          placeholder={`${label}…`}
          value={text}
          onChange={(_e, v) => setText(v)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') onApply(text.trim());
          }}
          onBlur={() => text.trim() !== value && onApply(text.trim())}
          validated={matcher && !matcher.ok ? 'error' : 'default'}
        />
        <Select
          isOpen={open}
          onOpenChange={setOpen}
          onSelect={(_e, v) => {
            setOpen(false);
            onApply(String(v));
          }}
          toggle={(ref) => (
            <MenuToggle ref={ref} onClick={() => setOpen(!open)} isExpanded={open} aria-label={`${label} presets`} variant="plain">
              ▾
            </MenuToggle>
          )}
        >
          <SelectList>
            {presets.map((p) => (
              <SelectOption key={p.expression} value={p.expression} description={<code>{p.expression}</code>}>
                {p.label}
              </SelectOption>
            ))}
          </SelectList>
        </Select>
      </div>
      {matcher && !matcher.ok ? (
        <FormHelperText>
          <HelperText>
            <HelperTextItem variant="error">{matcher.error}</HelperTextItem>
          </HelperText>
        </FormHelperText>
      ) : null}
    </div>
  );
}

export function GraphToolbar({ settings, namespaces, find, hide, onChange, onRefresh, legend, onLegend }: Props) {
  return (
    <Toolbar className="ml-graph-toolbar">
      <ToolbarContent>
        <ToolbarGroup>
          <ToolbarItem>
            <NamespaceSelect all={namespaces} chosen={settings.namespaces} onChange={(ns) => onChange({ namespaces: ns })} />
          </ToolbarItem>
          <ToolbarItem>
            <FormSelect aria-label="Graph type" value={settings.type} onChange={(_e, v) => onChange({ type: v as GraphType })}>
              {GRAPH_TYPES.map((t) => (
                <FormSelectOption key={t.value} value={t.value} label={t.label} />
              ))}
            </FormSelect>
          </ToolbarItem>
          <ToolbarItem>
            <FormSelect aria-label="Period" value={settings.duration} onChange={(_e, v) => onChange({ duration: v })}>
              {(DURATIONS.some((d) => d.value === settings.duration) ? DURATIONS : [{ value: settings.duration, label: `Last ${settings.duration}` }, ...DURATIONS]).map((d) => (
                <FormSelectOption key={d.value} value={d.value} label={d.label} />
              ))}
            </FormSelect>
          </ToolbarItem>
          <ToolbarItem>
            <FormSelect aria-label="Refresh" value={String(settings.refresh)} onChange={(_e, v) => onChange({ refresh: Number(v) })}>
              {REFRESHES.map((r) => (
                <FormSelectOption key={r.value} value={String(r.value)} label={r.label} />
              ))}
            </FormSelect>
          </ToolbarItem>
          <ToolbarItem>
            <Button variant="plain" aria-label="Refresh now" onClick={onRefresh} icon={<SyncAltIcon />} />
          </ToolbarItem>
          <ToolbarItem>
            <DisplaySelect settings={settings} onChange={onChange} />
          </ToolbarItem>
          <ToolbarItem>
            <FormSelect aria-label="Edge labels" value={settings.labels} onChange={(_e, v) => onChange({ labels: v as EdgeLabels })}>
              {EDGE_LABELS.map((l) => (
                <FormSelectOption key={l.value} value={l.value} label={l.label} />
              ))}
            </FormSelect>
          </ToolbarItem>
        </ToolbarGroup>
        <ToolbarGroup>
          <ToolbarItem>
            <ExpressionInput label="Find" value={settings.find} matcher={find} presets={FIND_PRESETS} onApply={(v) => onChange({ find: v })} />
          </ToolbarItem>
          <ToolbarItem>
            <ExpressionInput label="Hide" value={settings.hide} matcher={hide} presets={HIDE_PRESETS} onApply={(v) => onChange({ hide: v })} />
          </ToolbarItem>
          <ToolbarItem>
            <FindHelp />
          </ToolbarItem>
          <ToolbarItem>
            <LayoutSelect layout={settings.layout} onLayout={(layout) => onChange({ layout })} />
          </ToolbarItem>
          <ToolbarItem>
            <Button variant={legend ? 'primary' : 'secondary'} icon={<MapIcon />} onClick={onLegend} aria-pressed={legend}>
              Legend
            </Button>
          </ToolbarItem>
        </ToolbarGroup>
      </ToolbarContent>
    </Toolbar>
  );
}
