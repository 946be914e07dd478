// The editor page's state in one reducer: the object as last loaded or saved, the text being edited, the
// server's checks for that text, and what the last save said.
import { useReducer } from 'react';
import type { Check, ConfigDetail, CurrentVersion, LoadProblem } from '../../../../src/api/schemas.js';
import type { EditorMarker } from '../../components/yaml-editor.js';

export interface Notice {
  readonly variant: 'success' | 'danger' | 'warning' | 'info';
  readonly title: string;
  readonly body?: string;
}

export interface EditorPageState {
  readonly base: ConfigDetail | undefined;
  readonly text: string;
  /** Checks and load problems of `checkedText`, from the server. */
  readonly checkedText: string;
  readonly checks: readonly Check[];
  readonly problems: readonly LoadProblem[];
  /** Where the last refused save placed its problems (in the text that was sent). */
  readonly saveProblems: readonly { message: string; line: number | null; column: number | null }[];
  readonly busy: 'saving' | 'deleting' | undefined;
  readonly notice: Notice | undefined;
  /** The object changed on the server while this page had unsaved edits. */
  readonly stale: boolean;
  /** The last save was refused because someone else saved first; the version now, when the server said. */
  readonly conflict: { readonly current: CurrentVersion | undefined } | undefined;
}

export type EditorAction =
  | { type: 'loaded'; detail: ConfigDetail }
  | { type: 'edited'; text: string }
  | { type: 'validated'; text: string; checks: readonly Check[]; problems: readonly LoadProblem[] }
  | { type: 'busy'; busy: 'saving' | 'deleting' }
  | { type: 'saved'; detail: ConfigDetail; notice: Notice | undefined }
  | { type: 'refused'; notice: Notice; problems: EditorPageState['saveProblems']; conflict?: { current: CurrentVersion | undefined } }
  /** After a conflict: edit on top of `current` (its text, or the person's change re-applied to it). */
  | { type: 'rebased'; current: CurrentVersion; text: string; notice: Notice | undefined }
  | { type: 'notice'; notice: Notice | undefined };

const INITIAL: EditorPageState = { base: undefined, text: '', checkedText: '', checks: [], problems: [], saveProblems: [], busy: undefined, notice: undefined, stale: false, conflict: undefined };

export function isDirty(state: EditorPageState): boolean {
  return state.base !== undefined && state.text !== state.base.yaml;
}

function fresh(detail: ConfigDetail, notice?: Notice): EditorPageState {
  return { ...INITIAL, base: detail, text: detail.yaml, checkedText: detail.yaml, checks: detail.checks, notice };
}

export function editorReducer(state: EditorPageState, action: EditorAction): EditorPageState {
  switch (action.type) {
    case 'loaded':
      // A reload from the server replaces the text only when nothing is being edited.
      if (isDirty(state)) return { ...state, stale: state.base?.resourceVersion !== action.detail.resourceVersion };
      return fresh(action.detail, state.notice);
    case 'edited':
      return { ...state, text: action.text, saveProblems: [] };
    case 'validated':
      return action.text === state.text ? { ...state, checkedText: action.text, checks: action.checks, problems: action.problems } : state;
    case 'busy':
      return { ...state, busy: action.busy };
    case 'saved':
      return fresh(action.detail, action.notice);
    case 'refused':
      return { ...state, busy: undefined, notice: action.notice, saveProblems: action.problems, conflict: action.conflict };
    case 'rebased': {
      if (!state.base) return state;
      // Checks of the new text come from validating it, as while typing.
      const base: ConfigDetail = { ...state.base, yaml: action.current.yaml, resourceVersion: action.current.resourceVersion, checks: [] };
      return { ...INITIAL, base, text: action.text, notice: action.notice };
    }
    case 'notice':
      return { ...state, notice: action.notice };
  }
}

/**
 * Markers of the last validated text plus save refusals. While newer text waits for its validation the
 * editor keeps showing these, moved along with the edits, instead of blinking off.
 */
export function markersOf(checks: readonly Check[], problems: readonly LoadProblem[], saveProblems: EditorPageState['saveProblems']): EditorMarker[] {
  const markers: EditorMarker[] = [
    ...checks.filter((c) => c.line !== null).map((c) => ({ line: c.line ?? 1, column: c.column ?? 1, endLine: c.endLine, endColumn: c.endColumn, severity: c.severity, message: `${c.code} ${c.message}` })),
    ...problems.map((p) => ({ line: p.line ?? 1, column: p.column ?? 1, endLine: null, endColumn: null, severity: 'error' as const, message: p.message })),
  ];
  for (const p of saveProblems) {
    if (!markers.some((m) => m.line === p.line && m.message === p.message)) markers.push({ line: p.line ?? 1, column: p.column ?? 1, endLine: null, endColumn: null, severity: 'error', message: p.message });
  }
  return markers.sort((a, b) => a.line - b.line || a.column - b.column);
}

export function useEditorState() {
  return useReducer(editorReducer, INITIAL);
}
