import type { InputProblem } from '../../errors/requestErrors';
import type { ProblemBody } from '../../http/problemResponse';
import { componentRef, objectSchema, text } from './jsonSchema';

export const inputProblemSchema = objectSchema<InputProblem>({
  title: 'Input Problem',
  description: 'One bad part of the request: a query or path parameter, a header, or a JSON pointer.',
  required: ['detail'],
  properties: {
    parameter: text('Parameter', 'The query or path parameter at fault.'),
    pointer: text('Pointer', 'A JSON pointer to the part at fault.'),
    header: text('Header', 'The request header at fault.'),
    detail: text('Detail', 'What is wrong with it.'),
  },
});

export const problemSchema = objectSchema<ProblemBody>({
  title: 'Problem',
  description: 'An RFC 9457 problem: never a stack trace, token, secret or upstream body.',
  required: ['type', 'title', 'status', 'detail', 'correlationId'],
  properties: {
    type: {
      type: 'string',
      pattern: '^urn:oc-numbers:problem:[a-z-]+$',
      title: 'Problem Type',
      description: 'urn:oc-numbers:problem:<kind>, such as invalid-input or upstream-unavailable.',
    },
    title: text('Title', 'The kind of problem, in words.'),
    status: { type: 'integer', format: 'int32', minimum: 400, maximum: 599, title: 'Status', description: 'The HTTP status code.' },
    detail: text('Detail', 'This occurrence, in words.'),
    correlationId: text('Correlation ID', 'The id of this call in the logs; quote it when reporting the problem.'),
    errors: { type: 'array', items: componentRef('InputProblem'), title: 'Errors', description: 'For input problems: each bad parameter or header.' },
  },
});
