/**
 * A one-line progress bar on a terminal stream; silent elsewhere (a CI log or a
 * file should not fill with carriage returns).
 */
export class ProgressBar {
  readonly #stream: NodeJS.WriteStream;
  readonly #enabled: boolean;
  #shown = false;

  constructor(stream: NodeJS.WriteStream, enabled: boolean) {
    this.#stream = stream;
    this.#enabled = enabled && stream.isTTY === true;
  }

  update(label: string, done: number, total: number): void {
    if (!this.#enabled) return;
    const width = 30;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    this.#stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
    this.#shown = true;
  }

  finish(): void {
    if (this.#shown) this.#stream.write('\r\x1b[K');
    this.#shown = false;
  }
}
