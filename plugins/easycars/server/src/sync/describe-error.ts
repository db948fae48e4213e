/** Words an administrator understands for what stopped a run; never a secret (client errors carry none). */
import { isEasyCarsError } from '../easycars';
import { ConnectionUnusableError } from '../connections/service';

export function describeRunError(error: unknown): string {
  if (error instanceof ConnectionUnusableError) return error.message;
  if (isEasyCarsError(error)) {
    switch (error.kind) {
      case 'authentication':
        return `EasyCars rejected the credentials: ${error.message}. Check the connection in Settings → Connections.`;
      case 'timeout':
        return `EasyCars did not answer in time: ${error.message}. The next run will try again.`;
      case 'network':
        return `Could not reach EasyCars: ${error.message}. The next run will try again.`;
      default:
        return `EasyCars call failed: ${error.message}`;
    }
  }
  return error instanceof Error ? error.message : String(error);
}
