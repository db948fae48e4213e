import type { Core } from '@strapi/strapi';
import { refuseControlCharacters } from '../src/graphql/control-characters';

const allowedMediaTypes = [
  'image/*',
  'video/*',
  'audio/*',
  'application/pdf',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.*',
  'text/plain',
  'text/csv',
];

const deniedTypes = [
  'image/svg+xml',
  'application/vnd.microsoft.portable-executable',
  'application/x-msdownload',
  'application/x-msdos-program',
  'application/x-executable',
  'application/x-dosexec',
  'application/x-sh',
  'text/x-shellscript',
  'application/x-mach-binary',
];

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Plugin => ({
  'users-permissions': {
    config: {
      jwtManagement: 'refresh',
      sessions: {
        httpOnly: true,
      },
    },
  },
  graphql: {
    config: {
      // bounded queries: a page is at most 100 records, a query at most 10 levels deep
      defaultLimit: 25,
      maxLimit: 100,
      depthLimit: 10,
      landingPage: false,
      // the GraphQL endpoint parses its own body: control characters are refused there too
      apolloServer: { plugins: [refuseControlCharacters] },
    },
  },
  easycars: {
    // a local plugin is only loaded with enabled: true
    enabled: true,
    resolve: './plugins/easycars',
    // settings go in `config`, by section (easycars, stock, leads, queue, retention, monitoring); all have defaults,
    // see docs/stock-sync.md#settings-configpluginsts-easycarsconfig
  },
  ...(env('SMTP_HOST')
    ? {
        email: {
          config: {
            provider: 'nodemailer',
            providerOptions: {
              host: env('SMTP_HOST'),
              port: env.int('SMTP_PORT', 587),
              secure: env.bool('SMTP_SECURE', false),
              ignoreTLS: env.bool('SMTP_IGNORE_TLS', false),
              ...(env('SMTP_USERNAME') ? { auth: { user: env('SMTP_USERNAME'), pass: env('SMTP_PASSWORD') } } : {}),
            },
            settings: {
              defaultFrom: env('EMAIL_FROM', 'noreply@easycars.local'),
              defaultReplyTo: env('EMAIL_FROM', 'noreply@easycars.local'),
            },
          },
        },
      }
    : {}),
  upload: {
    config: {
      security: {
        allowedTypes: allowedMediaTypes,
        deniedTypes,
      },
    },
  },
});

export default config;
