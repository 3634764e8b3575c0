/** A small argument parser for the command-line tools: `--name value`, `--flag`, `--name=value`. */
export interface ParsedArgs {
  values: Map<string, string>;
  flags: Set<string>;
  positional: string[];
}

export function parseArgs(argv: readonly string[], flagNames: readonly string[] = []): ParsedArgs {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (eq > 0) values.set(name, a.slice(eq + 1));
    else if (flagNames.includes(name) || name === 'help') flags.add(name);
    else {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) throw new Error(`--${name} needs a value`);
      values.set(name, v);
      i++;
    }
  }
  return { values, flags, positional };
}

export function intArg(a: ParsedArgs, name: string, fallback: number, min = 0): number {
  const v = a.values.get(name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number ≥ ${min}, got “${v}”`);
  return n;
}

export function numArg(a: ParsedArgs, name: string, fallback: number, min = -Infinity, max = Infinity): number {
  const v = a.values.get(name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number in [${min}, ${max}], got “${v}”`);
  return n;
}

/**
 * Runs a command: prints `help` and stops on `--help` or `-h`; otherwise calls `main` with
 * the arguments, printing an error's message (not its stack) and exiting 2 when it throws.
 */
export async function runCli(help: string, main: (argv: string[]) => Promise<number> | number): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(help);
    process.exitCode = 0;
    return;
  }
  try {
    process.exitCode = await main(argv);
  } catch (e) {
    console.error(`error: ${(e as Error).message}`);
    process.exitCode = 2;
  }
}
