// Preloaded (node --import) only for gitlab-ci-local 4.75.1 on Node 20: its bundled execa calls
// Set.prototype.union (ES2025, Node 22+) once while loading. The method per the spec's behaviour for
// a Set or Map argument; nothing else of Node 22 is used.
if (typeof Set.prototype.union !== 'function') {
  Object.defineProperty(Set.prototype, 'union', {
    value: function union(other) {
      const result = new Set(this);
      for (const value of other.keys()) result.add(value);
      return result;
    },
    writable: true,
    configurable: true,
  });
}
