// Small text helpers shared by the report's modules.

/** The first non-empty line, trimmed, cut to 240 characters. */
export function firstLine(text: string): string {
  const line = text.split('\n').map((l) => l.trim()).find(Boolean) ?? '';
  return line.length > 240 ? `${line.slice(0, 237)}…` : line;
}
