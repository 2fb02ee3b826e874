/** A one-line progress bar, redrawn in place; silent when the output is not a terminal. */
export interface Progress {
  update(done: number): void;
  finish(): void;
}

/** For --json runs: machine-readable output never carries a bar. */
export const noProgress: Progress = { update() {}, finish() {} };

const WIDTH = 30;

export function progressBar(stream: NodeJS.WritableStream & { isTTY?: boolean }, total: number, label: string): Progress {
  if (!stream.isTTY || total <= 0) return noProgress;
  let last = -1;
  return {
    update(done) {
      const ratio = Math.min(1, done / total);
      const filled = Math.round(ratio * WIDTH);
      // Redraw only when the bar visibly moves: a terminal write per batch would dominate.
      if (filled === last && done < total) return;
      last = filled;
      stream.write(`\r${label} [${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}] ${Math.floor(ratio * 100)}% ${done.toLocaleString("en-US")}/${total.toLocaleString("en-US")}`);
    },
    finish() {
      stream.write("\r\x1b[2K");
    },
  };
}

/** A running count for work whose total is unknown; silent when the output is not a terminal. */
export function progressCounter(stream: NodeJS.WritableStream & { isTTY?: boolean }, label: string): Progress {
  if (!stream.isTTY) return noProgress;
  return {
    update(done) {
      stream.write(`\r${label}: ${done.toLocaleString("en-US")}`);
    },
    finish() {
      stream.write("\r\x1b[2K");
    },
  };
}
