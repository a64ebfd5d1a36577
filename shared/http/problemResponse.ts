import type { HttpResponseInit } from '@azure/functions';
import type { InputProblem } from '../errors/requestErrors';
import { redact } from '../logging/logger';

export const problemContentType = 'application/problem+json';

/** Problem type URIs are URNs so they never depend on where the app is hosted. */
export function problemTypeUri(problemType: string): string {
  return `urn:oc-numbers:problem:${problemType}`;
}

/** An HTTP error answer before it is written: what problemMapping.ts makes of a failure. */
export interface Problem {
  status: number;
  problemType: string;
  title: string;
  /** Safe to show callers. */
  detail: string;
  errors?: readonly InputProblem[];
  retryAfterSeconds?: number;
  /** Response headers the answer needs (WWW-Authenticate on a 401). */
  headers?: Readonly<Record<string, string>>;
  /** Why it happened, for the log only: never part of a response. */
  logReason?: string;
}

/** The RFC 9457 body every error answer carries. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  correlationId: string;
  errors?: readonly InputProblem[];
}

export function problemResponse(problem: Problem, correlationId: string): HttpResponseInit {
  const headers: Record<string, string> = { ...problem.headers, 'Content-Type': problemContentType, 'X-Correlation-Id': correlationId };
  if (problem.retryAfterSeconds !== undefined) headers['Retry-After'] = String(problem.retryAfterSeconds);
  const body: ProblemBody = {
    type: problemTypeUri(problem.problemType),
    title: problem.title,
    status: problem.status,
    detail: redact(problem.detail),
    correlationId,
  };
  if (problem.errors) body.errors = problem.errors.map(redactedInputProblem);
  return { status: problem.status, headers, body: JSON.stringify(body) };
}

/**
 * Problems quote caller text (shownText cuts it); whatever in it is shaped like a token is redacted
 * here, the one place every problem is rendered, so no answer carries one.
 */
function redactedInputProblem(problem: InputProblem): InputProblem {
  const shown: InputProblem = { ...problem, detail: redact(problem.detail) };
  if (problem.parameter !== undefined) shown.parameter = redact(problem.parameter);
  if (problem.pointer !== undefined) shown.pointer = redact(problem.pointer);
  if (problem.header !== undefined) shown.header = redact(problem.header);
  return shown;
}
