import type { Core } from '@strapi/strapi';

const config: Core.Config.Middlewares = [
  'strapi::logger',
  'strapi::errors',
  'strapi::security',
  'strapi::cors',
  'strapi::poweredBy',
  'strapi::query',
  'strapi::body',
  // after query and body, which it checks; before any route can pass a NUL to the database
  'global::control-characters',
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
];

export default config;
