/**
 * SendGrid v3 Mail Send validation: the body's structure (zod) and SendGrid's own rules (personalizations with
 * recipients, a sender, content or a template, a subject), reported the way SendGrid does:
 * `{errors: [{message, field, help}]}`.
 */
import { z } from 'zod';

const HELP = 'http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html#message';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface SendgridError {
  message: string;
  field: string | null;
  help: string | null;
}

const Address = z.object({ email: z.string(), name: z.string().optional() });
const Personalization = z
  .object({
    to: z.array(Address).optional(),
    cc: z.array(Address).optional(),
    bcc: z.array(Address).optional(),
    subject: z.string().optional(),
    dynamic_template_data: z.record(z.string(), z.unknown()).optional(),
    custom_args: z.record(z.string(), z.string()).optional(),
  })
  .loose();

export const MailSendBody = z
  .object({
    personalizations: z.array(Personalization).optional(),
    from: Address.optional(),
    reply_to: Address.optional(),
    subject: z.string().optional(),
    content: z.array(z.object({ type: z.string(), value: z.string() })).optional(),
    template_id: z.string().optional(),
    categories: z.array(z.string()).optional(),
    custom_args: z.record(z.string(), z.string()).optional(),
    mail_settings: z
      .object({ sandbox_mode: z.object({ enable: z.boolean().optional() }).optional() })
      .loose()
      .optional(),
  })
  .loose();
export type MailSendBody = z.infer<typeof MailSendBody>;

const err = (message: string, field: string | null, anchor: string): SendgridError => ({
  message,
  field,
  help: `${HELP}.${anchor}`,
});

/** Every rule violation of a structurally valid body (empty when the mail can be sent). */
export function mailSendErrors(body: MailSendBody): SendgridError[] {
  const errors: SendgridError[] = [];
  const personalizations = body.personalizations ?? [];
  if (personalizations.length === 0) {
    errors.push(
      err(
        'The personalizations field is required and must have at least one personalization.',
        'personalizations',
        'personalizations',
      ),
    );
  }
  personalizations.forEach((p, i) => {
    if (!p.to || p.to.length === 0) {
      errors.push(
        err(
          'The to array is required for all personalization objects, and must have at least one email object with a valid email address.',
          `personalizations.${i}.to`,
          'personalizations.to',
        ),
      );
    }
    for (const [kind, list] of [
      ['to', p.to],
      ['cc', p.cc],
      ['bcc', p.bcc],
    ] as const) {
      (list ?? []).forEach((a, j) => {
        if (!EMAIL.test(a.email)) {
          errors.push(
            err(
              'Does not contain a valid address.',
              `personalizations.${i}.${kind}.${j}.email`,
              `personalizations.${kind}`,
            ),
          );
        }
      });
    }
  });
  if (!body.from) {
    errors.push(
      err(
        'The from object must be provided for every email send. It is an object that requires the email parameter, but may also contain a name parameter.',
        'from',
        'from',
      ),
    );
  } else if (!EMAIL.test(body.from.email)) {
    errors.push(err('The from email does not contain a valid address.', 'from.email', 'from'));
  }
  const content = body.content ?? [];
  if (content.length === 0 && !body.template_id) {
    errors.push(
      err(
        'Unless a valid template_id is provided, the content parameter is required. There must be at least one defined content block. We typically suggest both text/plain and text/html blocks are included, but only one block is required.',
        'content',
        'content',
      ),
    );
  }
  content.forEach((block, i) => {
    if (block.value.length === 0) {
      errors.push(
        err(
          'The content value must be a string at least one character in length.',
          `content.${i}.value`,
          'content.value',
        ),
      );
    }
  });
  const plainIndex = content.findIndex((b) => b.type === 'text/plain');
  if (plainIndex > 0) {
    errors.push(
      err(
        'The text/plain content type must be first, followed by text/html, and then any other content.',
        'content.0.type',
        'content.type',
      ),
    );
  }
  const everyPersonalizationHasSubject = personalizations.length > 0 && personalizations.every((p) => !!p.subject);
  if (!body.subject && !body.template_id && !everyPersonalizationHasSubject) {
    errors.push(
      err(
        'The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined.',
        'subject',
        'subject',
      ),
    );
  }
  return errors;
}

/** Structural problems (wrong types) as SendGrid errors. */
export function schemaErrors(error: z.ZodError): SendgridError[] {
  return error.issues.map((issue) => {
    const field = issue.path.join('.') || null;
    return { message: issue.message, field, help: null };
  });
}
