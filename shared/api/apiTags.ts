/** The groups the documents sort operations into. */
export const apiTags = {
  Numbers: "Customers' Operator Connect numbers, live from the Live Platform or from the last snapshot.",
  Snapshots: 'The scheduled history of numbers kept in Table Storage: changes and snapshot runs.',
  Health: 'Whether the app and its dependencies work.',
  'API description': 'This API described in OpenAPI 3.1 and Swagger 2.0.',
} as const;

export type ApiTag = keyof typeof apiTags;
