/** A one-line progress bar on stderr (redrawn in a terminal; every 10% as plain lines in logs and CI). */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr) {
  const started = Date.now();
  let lastDecile = -1;
  return {
    update(done: number, total: number) {
      const ratio = total ? done / total : 1;
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      if (stream.isTTY) {
        const width = 30;
        const filled = Math.round(ratio * width);
        stream.write(
          `\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${(ratio * 100).toFixed(0)}% ${secs}s`,
        );
      } else if (Math.floor(ratio * 10) > lastDecile) {
        lastDecile = Math.floor(ratio * 10);
        stream.write(`${label}: ${done}/${total} (${(ratio * 100).toFixed(0)}%) ${secs}s\n`);
      }
    },
    done(message: string) {
      if (stream.isTTY) stream.write('\n');
      stream.write(`${message}\n`);
    },
  };
}
