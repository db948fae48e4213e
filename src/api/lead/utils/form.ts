/**
 * The public lead form: what a website visitor may send to POST /api/leads. Everything else (status, push state,
 * connection) is decided by the server, so any other member is refused rather than ignored.
 */
import { errors } from '@strapi/utils';
import { z } from 'zod';
import { freeText, requiredLine, singleLine } from '../../../../plugins/easycars/shared/contracts/fields';
import schema from '../content-types/lead/schema.json';

export const LEAD_INTERESTS = schema.attributes.interest.enum as [string, ...string[]];

/** Optional text: blank, null and absent all mean "not given". */
function optional(schema: z.ZodString) {
  return schema.nullish().transform((value) => (value ? value : undefined));
}

export const leadFormSchema = z
  .object(
    {
      data: z
        .object(
          {
            name: requiredLine(100),
            email: requiredLine(100).pipe(z.email('must be a valid e-mail address')),
            phone: optional(singleLine(20)).refine(
              (value) => value === undefined || /^[0-9+()\-.\s]+$/.test(value),
              'may contain only digits, spaces and + ( ) - .'
            ),
            // the one free-text field: line breaks and tabs are the visitor's own
            message: optional(freeText(2000)),
            vehicle: optional(singleLine(100)),
            interest: z
              .enum(LEAD_INTERESTS, `must be one of ${LEAD_INTERESTS.join(', ')}`)
              .nullish()
              .transform((value) => value ?? undefined),
            sourcePageUrl: optional(singleLine(400)).refine(
              (value) => value === undefined || /^https?:\/\/\S+$/i.test(value),
              'must be an http(s) URL'
            ),
          },
          { error: (issue) => (issue.input === undefined ? 'is required' : 'must be an object of lead fields') }
        )
        .strict(),
    },
    { error: () => 'must be a JSON object with a "data" member' }
  )
  .strict();

export type LeadFormInput = z.infer<typeof leadFormSchema>['data'];

/** Parses the request body; a bad body is a 400 whose message names each field (without the "data." prefix). */
export function parseLeadForm(body: unknown): LeadFormInput {
  const result = leadFormSchema.safeParse(body ?? {});
  if (result.success) return result.data.data;
  const issues = result.error.issues.map((issue) => {
    const unknownKeys = issue.code === 'unrecognized_keys' ? (issue as { keys: string[] }).keys : null;
    const inData = issue.path[0] === 'data';
    const path = (inData ? issue.path.slice(1) : issue.path).join('.');
    if (unknownKeys) {
      const names = unknownKeys.join(', ');
      const plural = unknownKeys.length > 1;
      const message = inData
        ? `${names} ${plural ? 'are not known fields' : 'is not a known field'} of a lead`
        : `${names} ${plural ? 'are' : 'is'} not expected: send the lead's fields inside "data"`;
      return { path: issue.path.map(String), message };
    }
    const subject = path || (inData ? 'data' : 'body');
    return { path: issue.path.map(String), message: `${subject} ${issue.message}` };
  });
  throw new errors.ValidationError(issues.map((i) => i.message).join('; '), { errors: issues });
}
