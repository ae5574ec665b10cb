// @ts-check
/**
 * @module cli/lib/progress
 * What the person sees on stderr while the CLI waits: a spinner with an elapsed timer when stderr
 * is a terminal, plain lines (one per change of label) when it is a file or a pipe, nothing with
 * `--quiet`. stdout stays for results.
 */

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * @typedef {{ update(label: string): void, note(line: string): void, stop(line?: string): void,
 *   elapsed(): string }} Progress
 */

/** @param {number} ms */
export const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/**
 * @param {string} label what is being waited for
 * @param {{ quiet?: boolean, stream?: NodeJS.WriteStream }} [options]
 * @returns {Progress}
 */
export function startProgress(label, { quiet = false, stream = process.stderr } = {}) {
  const started = Date.now();
  const elapsed = () => seconds(Date.now() - started);
  if (quiet) return { update() {}, note() {}, stop() {}, elapsed };

  if (!stream.isTTY) {
    let last = '';
    let stopped = false;
    const say = (/** @type {string} */ text) => {
      if (text !== last) stream.write(`${text}\n`);
      last = text;
    };
    say(`${label}…`);
    return {
      update: (next) => !stopped && say(`${next}…`),
      note: (line) => stream.write(`${line}\n`),
      stop(line) {
        if (!stopped && line) stream.write(`${line}\n`);
        stopped = true;
      },
      elapsed,
    };
  }

  let frame = 0;
  let current = label;
  let stopped = false;
  const draw = () => {
    frame = (frame + 1) % FRAMES.length;
    stream.write(`\r\x1b[2K${FRAMES[frame]} ${current} ${elapsed()}`);
  };
  const clear = () => stream.write('\r\x1b[2K');
  const timer = setInterval(draw, 100);
  timer.unref();
  // A Ctrl-C mid-spinner must not leave a half-drawn line behind.
  const onExit = () => clear();
  process.once('exit', onExit);
  draw();
  return {
    update(next) {
      current = next;
      if (!stopped) draw();
    },
    note(line) {
      if (stopped) return void stream.write(`${line}\n`);
      clear();
      stream.write(`${line}\n`);
      draw();
    },
    stop(line) {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      process.off('exit', onExit);
      clear();
      if (line) stream.write(`${line}\n`);
    },
    elapsed,
  };
}
