// How deep a JSON text nests, without parsing it: the simulator refuses bodies nested too deep for its
// parser, and evidence keeps such bodies as text. One scan for both.

/**
 * The deepest nesting of [ and { outside strings; a linear scan, no recursion. Strings are skipped
 * with indexOf (robustness checks send 32 MiB string values).
 */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  // The next backslash at or after the scan position: -2 not looked up yet, -1 none left.
  let backslash = -2;
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i++);
    if (c === 0x22) {
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote < 0) return deepest;
        if (backslash !== -1 && backslash < i) backslash = text.indexOf('\\', i);
        if (backslash === -1 || backslash > quote) {
          i = quote + 1;
          break;
        }
        i = backslash + 2;
      }
    } else if (c === 0x7b || c === 0x5b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}
