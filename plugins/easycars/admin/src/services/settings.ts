/** The plugin settings an administrator edits: conflict strategies (default and per field) and recipients. */
import type { GetSettings, UpdateSettings } from '../../../shared/contracts/settings';
import { easycarsApi } from './api';

const settingsApi = easycarsApi.enhanceEndpoints({ addTagTypes: ['Settings'] }).injectEndpoints({
  endpoints: (build) => ({
    getEasycarsSettings: build.query<GetSettings.Response, void>({
      query: () => '/easycars/settings',
      providesTags: ['Settings'],
    }),
    updateEasycarsSettings: build.mutation<UpdateSettings.Response, UpdateSettings.Request>({
      query: (body) => ({ url: '/easycars/settings', method: 'PUT', data: body }),
      invalidatesTags: ['Settings'],
    }),
  }),
});

export const {
  useGetEasycarsSettingsQuery: useGetSettingsQuery,
  useUpdateEasycarsSettingsMutation: useUpdateSettingsMutation,
} = settingsApi;
