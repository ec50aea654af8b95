/**
 * A one-line progress bar on stderr when it is a terminal; nothing otherwise (scripts and logs
 * get no control characters). Hand-written: 20 lines against a dependency (cli-progress is
 * ~40 kB) for one bar that is redrawn six times per run.
 */
export class Progress {
  private readonly on: boolean;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    quiet: boolean,
  ) {
    this.on = !quiet && stream.isTTY === true;
  }

  step(percent: number, label: string): void {
    if (!this.on) {
      return;
    }
    const width = 24;
    const filled = Math.round((percent / 100) * width);
    this.stream.write(`\r\u001b[2K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(percent)).padStart(3)}% ${label}`);
  }

  done(): void {
    if (this.on) {
      this.stream.write('\r\u001b[2K');
    }
  }
}
