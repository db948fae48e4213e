/** What every model of the plugin shares: no drafts, and kept out of the Content Manager and the type builder. */
export const PLUGIN_MODEL = {
  options: { draftAndPublish: false },
  pluginOptions: {
    'content-manager': { visible: false },
    'content-type-builder': { visible: false },
  },
} as const;
