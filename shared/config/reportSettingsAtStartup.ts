import { getSettings } from './settings';
import { SettingsError } from '../errors/appErrors';

/** Logs every settings problem by name; the app keeps running so health and healthDeep can report it. */
export function reportSettingsAtStartup(): void {
  try {
    getSettings();
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    console.error(`[oc-numbers] ${error.message}`);
  }
}
