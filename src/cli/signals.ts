// A long-running command (the simulator, the proxy) closes cleanly on Ctrl-C or a kill: it says so,
// closes once however many signals come, and exits 0 when the close worked, 1 when it did not.
export function closeOnSignals(announce: (signal: string) => void, close: () => Promise<void>): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    announce(signal);
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
