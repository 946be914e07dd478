// Where CLI output goes, so tests can run commands in-process and read exactly what a user sees.
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly cwd: string;
  /** Colour only on a terminal, and never with NO_COLOR set. */
  readonly color: boolean;
}

export class CliExit extends Error {
  readonly exitCode: number;
  constructor(exitCode: number, message = '') {
    super(message);
    this.exitCode = exitCode;
  }
}
