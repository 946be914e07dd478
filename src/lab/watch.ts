// Watches SOURCE paths and calls back once a burst of changes has settled (an editor's save is often a
// write, a rename and a chmod). Directories are watched recursively; a file through its directory, so a
// save that replaces the file is still seen.
import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';

export interface Watcher {
  close(): void;
}

export async function watchPaths(paths: readonly string[], onChange: () => void, debounceMs = 300): Promise<Watcher> {
  let timer: NodeJS.Timeout | undefined;
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  };
  const watchers: FSWatcher[] = [];
  for (const path of paths) {
    const full = resolve(path);
    const isDirectory = (await stat(full)).isDirectory();
    const name = basename(full);
    watchers.push(
      isDirectory
        ? watch(full, { recursive: true }, changed)
        : watch(dirname(full), (_event, file) => {
            if (file === name) changed();
          }),
    );
  }
  return {
    close() {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}
