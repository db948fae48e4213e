import { DEFAULT_SEED, DEFAULT_VEHICLES, startSandbox, type SandboxOptions } from './server';

const USAGE = `Usage: tsx sandbox/cli.ts [--port <p>] [--host <h>] [--vehicles <n>] [--seed <s>] [--lead-status]

  --port <p>       port to listen on (default 4010; 0 picks a free one)
  --host <h>       address to bind (default 127.0.0.1)
  --vehicles <n>   vehicles in the demo account's feed (default ${DEFAULT_VEHICLES})
  --seed <s>       seed of credentials, stock and contacts (default ${DEFAULT_SEED})
  --lead-status    GetLeadDetail includes LeadStatus

The first line on stdout is one JSON object: {"url", "demo", "other"}.`;

function parseArgs(argv: string[]): SandboxOptions {
  const options: SandboxOptions = { port: 4010 };
  const integer = (flag: string, value: string | undefined): number => {
    if (value === undefined || !/^-?\d+$/.test(value)) throw new Error(`${flag} needs a whole number`);
    return Number(value);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--port':
        options.port = integer(flag, value());
        break;
      case '--host': {
        const host = value();
        if (!host) throw new Error('--host needs an address');
        options.host = host;
        break;
      }
      case '--vehicles':
        options.vehicles = integer(flag, value());
        break;
      case '--seed':
        options.seed = integer(flag, value());
        break;
      case '--lead-status':
        options.leadStatusInDetail = true;
        break;
      case '--help':
      case '-h':
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${arg}`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  let options: SandboxOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  const sandbox = await startSandbox(options);
  const { url, demo, other } = sandbox;
  process.stdout.write(`${JSON.stringify({ url, demo, other })}\n`);
  process.stdout.write(
    [
      `EasyCars sandbox listening on ${url}`,
      `  Stock service: ${url}/TestECService/StockService/   Lead service: ${url}/TestECService/LeadService/`,
      `  (the /ECService/ prefix works too)`,
      `  demo  ClientID ${demo.ClientID}  ClientSecret ${demo.ClientSecret}`,
      `        AccountNumber ${demo.AccountNumber}  AccountSecret ${demo.AccountSecret}`,
      `  other ClientID ${other.ClientID}  ClientSecret ${other.ClientSecret}`,
      `        AccountNumber ${other.AccountNumber}  AccountSecret ${other.AccountSecret}`,
      `  control API: ${url}/__sandbox/health   (Ctrl+C to stop)`,
      '',
    ].join('\n')
  );
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1)
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`sandbox failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
