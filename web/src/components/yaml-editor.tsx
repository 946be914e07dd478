// The YAML editor: CodeMirror 6 with markers placed at the line and column the server gave (never found by
// searching the text), a gutter icon and a tinted line per marker, the message on hover, and goTo() for the
// problems list.
import { yaml } from '@codemirror/lang-yaml';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { Annotation, Compartment, EditorState, RangeSetBuilder, StateEffect, StateField, type Text } from '@codemirror/state';
import { Decoration, EditorView, type DecorationSet } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import type { Severity } from '../../../src/api/schemas.js';

export interface EditorMarker {
  /** 1-based, in the editor's text. */
  readonly line: number;
  readonly column: number;
  readonly endLine: number | null;
  readonly endColumn: number | null;
  readonly severity: Severity;
  readonly message: string;
}

export interface YamlEditorHandle {
  goTo(line: number, column?: number): void;
}

interface YamlEditorProps {
  readonly value: string;
  readonly onChange?: (text: string) => void;
  readonly markers: readonly EditorMarker[];
  readonly readOnly?: boolean;
  readonly label: string;
}

const LINT_SEVERITY: Record<Severity, Diagnostic['severity']> = { error: 'error', warning: 'warning', unknown: 'info' };
const RANK: Record<Severity, number> = { error: 3, warning: 2, unknown: 1 };
/** The page's CSP nonce (see src/server/web-app.ts): CodeMirror's theme is a <style> element that needs it. */
const cspNonce = document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content ?? '';

/** Marks changes that come from the `value` prop, so they are not reported back through onChange. */
const external = Annotation.define<boolean>();

function offset(doc: Text, line: number, column: number): number {
  const l = doc.line(Math.min(Math.max(line, 1), doc.lines));
  return Math.min(l.from + Math.max(column, 1) - 1, l.to);
}

function diagnostics(doc: Text, markers: readonly EditorMarker[]): Diagnostic[] {
  return markers.map((m) => {
    const from = offset(doc, m.line, m.column);
    const end = m.endLine !== null ? offset(doc, m.endLine, m.endColumn ?? 1) : from;
    const to = end > from ? end : doc.line(Math.min(Math.max(m.line, 1), doc.lines)).to;
    return { from, to: Math.max(to, from), severity: LINT_SEVERITY[m.severity], message: m.message };
  });
}

/** Read-only refuses changes and tells assistive technology the text cannot be edited. */
const readOnlyExtensions = (readOnly: boolean) => [EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)];

const setMarkedLines = StateEffect.define<readonly EditorMarker[]>();

/** One tinted line per marker start, in the marker's worst severity (the seed's "line 19 is highlighted in red"). */
const markedLines = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(lines, tr) {
    let next = lines.map(tr.changes);
    for (const effect of tr.effects) {
      if (!effect.is(setMarkedLines)) continue;
      const worst = new Map<number, Severity>();
      for (const m of effect.value) {
        const line = Math.min(Math.max(m.line, 1), tr.state.doc.lines);
        const seen = worst.get(line);
        if (!seen || RANK[m.severity] > RANK[seen]) worst.set(line, m.severity);
      }
      const builder = new RangeSetBuilder<Decoration>();
      for (const [line, severity] of [...worst].sort((a, b) => a[0] - b[0])) {
        builder.add(tr.state.doc.line(line).from, tr.state.doc.line(line).from, Decoration.line({ class: `ml-line-${severity}`, attributes: { 'data-marker': severity } }));
      }
      next = builder.finish();
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

export const YamlEditor = forwardRef<YamlEditorHandle, YamlEditorProps>(function YamlEditor({ value, onChange, markers, readOnly = false, label }, ref) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const readOnlyCompartment = useRef(new Compartment());

  useEffect(() => {
    if (!host.current) return;
    const editor = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          EditorView.cspNonce.of(cspNonce),
          basicSetup,
          yaml(),
          lintGutter(),
          markedLines,
          readOnlyCompartment.current.of(readOnlyExtensions(readOnly)),
          EditorView.contentAttributes.of({ 'aria-label': label }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged && !update.transactions.some((t) => t.annotation(external))) onChangeRef.current?.(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
    // Created once: value, markers and readOnly reach the editor through the effects below.
  }, []);

  useEffect(() => {
    const editor = view.current;
    if (!editor || editor.state.doc.toString() === value) return;
    editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value }, annotations: external.of(true) });
  }, [value]);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    editor.dispatch(setDiagnostics(editor.state, diagnostics(editor.state.doc, markers)));
    editor.dispatch({ effects: setMarkedLines.of(markers) });
  }, [markers]);

  useEffect(() => {
    view.current?.dispatch({ effects: readOnlyCompartment.current.reconfigure(readOnlyExtensions(readOnly)) });
  }, [readOnly]);

  useImperativeHandle(ref, () => ({
    goTo(line: number, column = 1) {
      const editor = view.current;
      if (!editor) return;
      const at = offset(editor.state.doc, line, column);
      editor.dispatch({ selection: { anchor: at }, effects: EditorView.scrollIntoView(at, { y: 'center' }) });
      editor.focus();
    },
  }));

  return <div ref={host} className="ml-editor" data-testid="yaml-editor" />;
});
