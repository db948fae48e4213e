import { useCallback, useEffect, useRef, useState } from 'react';
import type { Connection } from '../../../shared/contracts/connections';
import { useConnectionsApi } from '../api/connections';

export type ConnectionsState =
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  | { status: 'ready'; connections: Connection[]; refreshing: boolean };

/**
 * The list of connections. `reload()` keeps showing the current list while it fetches,
 * so a refresh after a save or a test does not blank the page.
 */
export function useConnections() {
  const api = useConnectionsApi();
  const [state, setState] = useState<ConnectionsState>({ status: 'loading' });
  // answers that arrive out of order must not overwrite a newer one
  const requestId = useRef(0);

  const reload = useCallback(async () => {
    const id = ++requestId.current;
    setState((prev) => (prev.status === 'ready' ? { ...prev, refreshing: true } : { status: 'loading' }));
    try {
      const connections = await api.list();
      if (id === requestId.current) setState({ status: 'ready', connections, refreshing: false });
    } catch (error) {
      if (id === requestId.current) setState({ status: 'error', error });
    }
  }, [api]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { state, reload };
}
