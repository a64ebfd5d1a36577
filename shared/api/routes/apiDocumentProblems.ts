import type { ProblemStatus } from '../apiRoute';
import { invalidRequest } from '../problemDescriptions';

/** The two document routes take no parameters and fail only when the app was deployed without its build output. */
export const apiDocumentProblems: Partial<Record<ProblemStatus, string>> = {
  400: invalidRequest,
  500: 'The API description was not built with the app (npm run build writes dist/api).',
};
