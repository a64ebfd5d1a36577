import type { Readable } from 'node:stream';
import { JsonArraySplitter, JsonSyntaxError } from './jsonArraySplitter';
import { UpstreamBadResponseError } from '../errors/upstreamErrors';

/**
 * Past this size an array body is parsed element by element as it arrives, so its text is never
 * held whole (100,000 numbers are ~90 MB, which held as buffer and string peaked at 4.5 times the
 * body). Below it one JSON.parse of the whole text is faster, and the memory does not matter.
 */
const splitAboveBytes = 16 * 1024 * 1024;

/**
 * Reads a JSON body from the network, refusing more than `maxBytes`. Network errors reach the
 * caller as they are; a body that is not JSON is the Live Platform's fault (502, reason logged).
 */
export async function readJsonBody(body: Readable, maxBytes: number): Promise<unknown> {
  const elements: unknown[] = [];
  const splitter = new JsonArraySplitter((bytes) => elements.push(JSON.parse(bytes.toString('utf8'))));
  let held: Buffer[] = [];
  let mode: 'holding' | 'splitting' | 'whole' = 'holding';
  let received = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      received += chunk.length;
      if (received > maxBytes) {
        body.destroy();
        throw new UpstreamBadResponseError(`body larger than LIVE_PLATFORM_MAX_RESPONSE_BYTES (${maxBytes})`);
      }
      if (mode === 'splitting') {
        splitter.push(chunk);
        continue;
      }
      held.push(chunk);
      if (mode === 'holding' && received > splitAboveBytes) {
        // Not an array (the splitter takes nothing then): read it whole after all.
        mode = held.every((piece) => splitter.push(piece)) ? 'splitting' : 'whole';
        if (mode === 'splitting') held = [];
      }
    }
    if (mode !== 'splitting') return JSON.parse(Buffer.concat(held).toString('utf8'));
    splitter.end();
    return elements;
  } catch (error) {
    if (error instanceof SyntaxError || error instanceof JsonSyntaxError) {
      body.destroy();
      throw new UpstreamBadResponseError('body is not valid JSON');
    }
    throw error;
  }
}
