/** The support contacts and the documentation address, read by every page's Help & support panel. */
import type { GetSupport } from '../../../shared/contracts/settings';
import { easycarsApi } from './api';

const supportApi = easycarsApi.enhanceEndpoints({ addTagTypes: ['Settings'] }).injectEndpoints({
  endpoints: (build) => ({
    getEasycarsSupport: build.query<GetSupport.Response, void>({
      query: () => '/easycars/support',
      // saved with the settings: a change there shows here at once
      providesTags: ['Settings'],
    }),
  }),
});

export const { useGetEasycarsSupportQuery: useGetSupportQuery } = supportApi;
