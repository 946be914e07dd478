// Tells when anything under some directories may have changed. Each directory gets a plain, non-recursive
// fs.watch: Node 20's recursive watcher on Linux watches files one by one and loses a file for good once
// it is replaced by rename (how editors, `sed -i` and meshlock itself save). A directory watch sees every
// way a file changes: in-place writes, truncation, rename-over, delete and recreate, swap-file saves. New
// sub-directories get watchers of their own; a symlinked file's target directory is watched too. A slow
// poll backs the watchers up, since inotify can drop events under load.
import { watch, type FSWatcher } from 'node:fs';

export interface DirectoryWatcherOptions {
  /** Quiet time after the last event before `onChange` runs (default 50 ms). */
  readonly debounceMs?: number;
  /** Interval of the backup poll (default 5 s); 0 turns it off. */
  readonly pollMs?: number;
}

export class DirectoryWatcher {
  private readonly watchers = new Map<string, FSWatcher>();
  private readonly onChange: () => void;
  private readonly debounceMs: number;
  private timer: NodeJS.Timeout | undefined;
  private readonly poll: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(onChange: () => void, options: DirectoryWatcherOptions = {}) {
    this.onChange = onChange;
    this.debounceMs = options.debounceMs ?? 50;
    const pollMs = options.pollMs ?? 5_000;
    if (pollMs > 0) {
      this.poll = setInterval(() => this.onChange(), pollMs);
      this.poll.unref();
    }
  }

  /** Watches exactly these directories from now on (new ones added, others dropped). */
  watchDirectories(directories: Iterable<string>): void {
    if (this.closed) return;
    const wanted = new Set(directories);
    for (const [directory, watcher] of this.watchers) {
      if (wanted.has(directory)) continue;
      watcher.close();
      this.watchers.delete(directory);
    }
    for (const directory of wanted) {
      if (this.watchers.has(directory)) continue;
      try {
        const watcher = watch(directory, { persistent: false }, () => this.schedule());
        // A watched directory that goes away ends its watcher; the next scan decides what to watch.
        watcher.on('error', () => {
          watcher.close();
          this.watchers.delete(directory);
          this.schedule();
        });
        this.watchers.set(directory, watcher);
      } catch {
        // Not watchable (gone, or no permission): the backup poll still follows it.
      }
    }
  }

  private schedule(): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.onChange(), this.debounceMs);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    clearInterval(this.poll);
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }
}
