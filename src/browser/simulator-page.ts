// What the simulator's plug-in page shows (mock mode only). The real plug-in's markup is not
// documented, so nothing here may be used against a remote target.
import type { Frame, Locator } from '@playwright/test';

export function pluginContent(frame: Frame) {
  return {
    /** The recipient's first name, as text (the simulator HTML-escapes it). */
    recipientName: (firstName: string): Locator => frame.getByText(firstName, { exact: false }),
    /** The "Add account" control. */
    addAccount: (): Locator => frame.getByRole('button', { name: 'Add account' }),
  };
}
