/**
 * `npm run package -- --env dev`: the Teams and Outlook app package for one environment.
 *
 * Fills every `${{VAR}}` in appPackage/manifest.json and its localization file from
 * `env/.env.{env}`, then `env/.env.{env}.user` (git-ignored, for secrets), then the process's own
 * environment (the Agents Toolkit's order: a later source wins); checks the result (see
 * app-package-checks.ts); and writes `appPackage/build/appPackage.{env}.zip` — the file a Teams
 * administrator uploads, and the path `m365agents.yml` points at. Nothing is written when a
 * variable is missing or a check fails: the command says what, and exits 2.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import JSZip from 'jszip';
import { checkAppPackage, type PackageFiles } from './app-package-checks';

/** The package's source, as the Agents Toolkit lays it out; the built zip goes to its build/. */
const SOURCE = 'appPackage';
/** The files that go into the package, as they are there. */
const JSON_FILES = ['manifest.json', 'en-gb.json'];
const ICONS = ['color.png', 'outline.png'];
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
const ENV_NAME = /^[a-z][a-z0-9-]{0,31}$/;

export class PackageError extends Error {}

/** `KEY=VALUE` lines (dotenv's format, as the Agents Toolkit writes it); `#` starts a comment. */
export function parseEnvFile(text: string, file: string): Record<string, string> {
  const out: Record<string, string> = {};
  text.split(/\r?\n/).forEach((line, i) => {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) return;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(trimmed);
    if (!m) throw new PackageError(`${file}:${i + 1}: expected KEY=VALUE`);
    let value = m[2]!;
    const quoted = /^(['"])(.*)\1$/.exec(value);
    value = quoted ? quoted[2]! : value.replace(/\s+#.*$/, '');
    out[m[1]!] = value;
  });
  return out;
}

/** The variables for an environment: its env file, its `.user` file, then the process's. */
export function environment(
  root: string,
  env: string,
  processEnv: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  if (!ENV_NAME.test(env))
    throw new PackageError(`--env: "${env}" is not an environment name (e.g. dev, test, prod)`);
  const file = join(root, 'env', `.env.${env}`);
  if (!existsSync(file)) throw new PackageError(`--env: there is no env/.env.${env}`);
  const vars = parseEnvFile(readFileSync(file, 'utf8'), `env/.env.${env}`);
  const user = `${file}.user`;
  if (existsSync(user))
    Object.assign(vars, parseEnvFile(readFileSync(user, 'utf8'), `env/.env.${env}.user`));
  for (const name of Object.keys(vars)) {
    const fromProcess = processEnv[name];
    if (fromProcess !== undefined) vars[name] = fromProcess;
  }
  return vars;
}

/** The text with its placeholders filled; the names of any with no value. */
export function fill(
  text: string,
  vars: Record<string, string>,
): { text: string; missing: string[] } {
  const missing = new Set<string>();
  const filled = text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined || value === '') {
      missing.add(name);
      return whole;
    }
    // Values go inside JSON strings.
    return JSON.stringify(value).slice(1, -1);
  });
  return { text: filled, missing: [...missing].sort() };
}

/** The package's files for an environment, filled and checked; throws with every problem found. */
export function buildAppPackage(
  root: string,
  env: string,
  processEnv?: NodeJS.ProcessEnv,
): PackageFiles {
  const vars = environment(root, env, processEnv);
  const files: PackageFiles = { json: {}, binary: {} };
  const missing = new Set<string>();
  for (const name of JSON_FILES) {
    const filled = fill(readFileSync(join(root, SOURCE, name), 'utf8'), vars);
    filled.missing.forEach((m) => missing.add(m));
    files.json[name] = filled.text;
  }
  if (missing.size)
    throw new PackageError(
      `env/.env.${env} does not give ${[...missing].sort().join(', ')} (used in ${SOURCE}/)`,
    );
  for (const name of ICONS) files.binary[name] = readFileSync(join(root, SOURCE, name));
  const problems = checkAppPackage(files);
  if (problems.length)
    throw new PackageError(
      `The app package would be refused:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  return files;
}

/** The zip Teams takes: the files at its root, in a fixed order with fixed dates (reproducible). */
export async function zipAppPackage(files: PackageFiles): Promise<Buffer> {
  const zip = new JSZip();
  const date = new Date(Date.UTC(2020, 0, 1));
  for (const [name, text] of Object.entries(files.json)) zip.file(name, text, { date });
  for (const [name, data] of Object.entries(files.binary)) zip.file(name, data, { date });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

export async function packageCommand(
  args: string[],
  root: string,
  processEnv: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const at = args.indexOf('--env');
  const env = at >= 0 ? args[at + 1] : undefined;
  if (!env)
    throw new PackageError('--env: say which environment, e.g. npm run package -- --env dev');
  const files = buildAppPackage(root, env, processEnv);
  const out = join(root, SOURCE, 'build', `appPackage.${env}.zip`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, await zipAppPackage(files));
  return out;
}

if (require.main === module) {
  const root = resolve(__dirname, '..', '..');
  packageCommand(process.argv.slice(2), root).then(
    (out) => process.stdout.write(`Wrote ${out}\n`),
    (e: Error) => {
      process.stderr.write(`${e.message}\n`);
      process.exit(e instanceof PackageError ? 2 : 1);
    },
  );
}
