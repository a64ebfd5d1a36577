import { lowerCaseGuidPattern } from '../../ids/idsAndLimits';
import type { ComponentName } from './componentName';

/**
 * JSON Schema (2020-12, as OpenAPI 3.1 uses it) for the documented bodies. Keys starting with
 * `x-ms-` annotate the Power Platform documents only; the OpenAPI document leaves them out.
 */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** Every member's keys of a union, so a body type with variants documents all of its fields. */
type AllKeys<T> = T extends unknown ? keyof T : never;

/** One schema per field of T: a field added to T without a schema here does not compile. */
export type PropertySchemas<T> = { readonly [K in AllKeys<T> & string]: JsonSchema };

interface ObjectSchemaOptions<T> {
  title: string;
  description: string;
  properties: PropertySchemas<T>;
  required: readonly (AllKeys<T> & string)[];
}

/** A closed object: an undocumented field in a real answer fails the response-schema tests. */
export function objectSchema<T>(options: ObjectSchemaOptions<T>): JsonSchema {
  return {
    type: 'object',
    title: options.title,
    description: options.description,
    // Swagger 2.0 (draft 4) refuses an empty `required`.
    ...(options.required.length > 0 ? { required: [...options.required] } : {}),
    properties: options.properties,
    additionalProperties: false,
  };
}

export const componentRef = (name: ComponentName): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

export const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: 'null' }] });

/** The keys of a record whose type names every member of a string union: an enum that cannot miss one. */
export const enumOf = <T extends string>(members: Record<T, true>): T[] => Object.keys(members) as T[];

export const text = (title: string, description: string): JsonSchema => ({ type: 'string', title, description });
export const textOrNull = (title: string, description: string): JsonSchema => ({ type: ['string', 'null'], title, description });
// int32 covers every count the app gives (a page, a tenant, a run); generators then type them as plain ints.
export const count = (title: string, description: string): JsonSchema => ({ type: 'integer', format: 'int32', minimum: 0, title, description });
export const dateTime = (title: string, description: string): JsonSchema => ({ type: 'string', format: 'date-time', title, description });
export const lowerCaseGuid = (title: string, description: string): JsonSchema => ({
  type: 'string',
  pattern: lowerCaseGuidPattern,
  title,
  description,
});
export const dateTimeOrNull = (title: string, description: string): JsonSchema => ({ type: ['string', 'null'], format: 'date-time', title, description });

/** The pieces every body shares: the tenant id and a listing page's count, items and next link. */
export const tenantIdSchema = lowerCaseGuid('Tenant ID', "The customer's Microsoft Entra tenant id, in lower case.");
export const nextLinkSchema: JsonSchema = {
  type: 'string',
  format: 'uri',
  title: 'Next Link',
  description: 'The URL of the next page, with every filter kept and without the function key; absent on the last page.',
};

/** `count`, `value` and `nextLink` of one page of a listing, in that order: spread them into the body's properties. */
export function pageProperties(
  noun: string,
  item: ComponentName,
  itemsTitle: string,
  itemsDescription: string,
): { count: JsonSchema; value: JsonSchema; nextLink: JsonSchema } {
  return {
    count: count('Count', `How many ${noun} are on this page.`),
    value: { type: 'array', items: componentRef(item), title: itemsTitle, description: itemsDescription },
    nextLink: nextLinkSchema,
  };
}
