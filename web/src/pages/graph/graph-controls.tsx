// The view controls (Kiali's control bar): zoom in, zoom out, fit and reset at the canvas' top right, where
// they cover the least of a fitted graph, and the layout chooser, which sits in the toolbar.
import { Button, FormSelect, FormSelectOption, Tooltip } from '@patternfly/react-core';
import { ExpandIcon, SearchMinusIcon, SearchPlusIcon, UndoIcon } from '@patternfly/react-icons';
import { LAYOUTS, type GraphSettings } from './graph-settings.js';

interface Props {
  readonly onZoomIn: () => void;
  readonly onZoomOut: () => void;
  readonly onFit: () => void;
  readonly onReset: () => void;
}

export function LayoutSelect({ layout, onLayout }: { layout: GraphSettings['layout']; onLayout: (layout: GraphSettings['layout']) => void }) {
  return (
    <FormSelect aria-label="Layout" value={layout} onChange={(_e, v) => onLayout(v as GraphSettings['layout'])} className="ml-graph-layout-select">
      {LAYOUTS.map((l) => (
        <FormSelectOption key={l.value} value={l.value} label={l.label} />
      ))}
    </FormSelect>
  );
}

export function GraphControls({ onZoomIn, onZoomOut, onFit, onReset }: Props) {
  const buttons: readonly [string, () => void, JSX.Element][] = [
    ['Zoom in', onZoomIn, <SearchPlusIcon key="in" />],
    ['Zoom out', onZoomOut, <SearchMinusIcon key="out" />],
    ['Fit to screen', onFit, <ExpandIcon key="fit" />],
    ['Reset view', onReset, <UndoIcon key="reset" />],
  ];
  return (
    <div className="ml-graph-controls" role="toolbar" aria-label="Graph view">
      {buttons.map(([label, action, icon]) => (
        <Tooltip key={label} content={label} position="left">
          <Button variant="plain" size="sm" aria-label={label} icon={icon} onClick={action} />
        </Tooltip>
      ))}
    </div>
  );
}
