/**
 * `npm run bench` runs the stock sync benchmark; `npm run bench -- history` the sync history one;
 * `npm run bench -- monitoring` the metrics' cost and their API; `npm run bench -- reconciliation` a reconciliation
 * of 50,000 vehicles and 10,000 leads. Each file runs itself when it is loaded.
 */
const BENCHMARKS: Record<string, string> = {
  'stock-sync': './stock-sync',
  history: './history',
  monitoring: './monitoring',
  reconciliation: './reconciliation',
};

const chosen = process.argv[2] ?? 'stock-sync';
if (!BENCHMARKS[chosen]) {
  console.error(`Unknown benchmark "${chosen}": use one of ${Object.keys(BENCHMARKS).join(', ')}`);
  process.exit(2);
}
void import(BENCHMARKS[chosen]);

export {};
