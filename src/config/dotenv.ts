// Loads .env (when present) into process.env without overriding what the shell already set.
import { config } from 'dotenv';

export function loadDotenv(path = '.env'): void {
  config({ path, quiet: true, override: false });
}
