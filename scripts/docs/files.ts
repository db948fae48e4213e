/** Every generated documentation file and the function that renders it; `npm run docs:generate` writes them all. */
import { renderApiReadme, renderOpenApi } from './api-reference';
import { renderConfiguration } from './configuration';
import { renderDatabase } from './database';
import { renderMessages } from './troubleshooting-messages';

export const GENERATED_FILES: Record<string, () => string> = {
  'docs/api/openapi.json': renderOpenApi,
  'docs/api/README.md': renderApiReadme,
  'docs/reference/configuration.md': renderConfiguration,
  'docs/reference/database.md': renderDatabase,
  'docs/troubleshooting-messages.md': renderMessages,
};
