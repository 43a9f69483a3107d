// The checking thread's entry point, plain JavaScript so it starts under any runner (the tsx CLI, the
// Playwright test runner): it loads the TypeScript thread module through tsx's API.
import { tsImport } from 'tsx/esm/api';

await tsImport('./inspector-thread.ts', import.meta.url);
