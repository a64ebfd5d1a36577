import { invalidInput } from '../errors/requestErrors';

/** `{telephoneNumber}` may arrive as `+4930…`, `%2B4930…` or `4930…`; the answer is E.164 with '+'. */
export function telephoneNumberFromPath(value: string | undefined): string {
  let text = value ?? '';
  try {
    text = decodeURIComponent(text);
  } catch {
    // Left as is: the pattern below rejects it with a clear message.
  }
  const digits = text.trim().replace(/^\+/, '');
  if (!/^[1-9][0-9]{6,14}$/.test(digits)) {
    throw invalidInput([
      { parameter: 'telephoneNumber', detail: `telephoneNumber ${JSON.stringify(text.slice(0, 40))} must be an E.164 number such as +14255550100.` },
    ]);
  }
  return `+${digits}`;
}
