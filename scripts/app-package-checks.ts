/**
 * What an app package must be before a Teams administrator gets it: the filled manifest and its
 * localization file valid against the official JSON schemas shipped in `@microsoft/app-manifest`
 * (the manifest's `$schema` names the version), and what those schemas cannot say:
 *
 * - the icons: `color.png` 192×192, `outline.png` 32×32 and only white on transparency;
 * - the app's id, the bot's and the SSO app's ids are GUIDs, and the version is x.y.z;
 * - every command the manifest lists is one the code handles: the bot's command menu parses to a
 *   verb (bot/commands.ts), and each message-extension command is one the bot answers, of the
 *   kind declared (bot/message-extension.ts);
 * - the localization file says what the manifest says (Teams shows the file's strings);
 * - files the manifest names are in the package, and no placeholder is left unfilled.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import Ajv04 from 'ajv-draft-04';
import { PNG } from 'pngjs';
import { COMMAND_EXAMPLES, parseCommand } from '../bot/commands';
import { MESSAGE_EXTENSION_COMMANDS } from '../bot/message-extension';

export interface PackageFiles {
  /** JSON files by name, as text. */
  json: Record<string, string>;
  binary: Record<string, Buffer>;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SCHEMA_URL =
  /^https:\/\/developer\.microsoft\.com\/json-schemas\/teams\/(v\d+\.\d+)\/(MicrosoftTeams(?:\.Localization)?\.schema\.json)$/;

/** An official schema, by the URL a file's `$schema` gives, from the pinned npm package. */
function officialSchema(url: string): object | string {
  const m = SCHEMA_URL.exec(url);
  if (!m) return `$schema "${url}" is not a Teams schema URL`;
  const root = dirname(require.resolve('@microsoft/app-manifest/package.json'));
  try {
    return JSON.parse(
      readFileSync(join(root, 'build', 'json-schemas', 'teams', m[1]!, m[2]!), 'utf8'),
    ) as object;
  } catch {
    return `$schema ${m[1]} is not in @microsoft/app-manifest`;
  }
}

const validators = new Map<string, ValidateFunction>();

function schemaProblems(name: string, document: Record<string, unknown>): string[] {
  const url = String(document.$schema);
  let validate = validators.get(url);
  if (!validate) {
    const schema = officialSchema(url);
    if (typeof schema === 'string') return [`${name}: ${schema}`];
    // The localization schema's patterns are not valid in JavaScript's unicode mode (`\b]`).
    const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
    // The schemas mark addresses `format: uri`; checked as the WHATWG URL parser reads them.
    ajv.addFormat('uri', (text: string) => URL.canParse(text));
    validators.set(url, (validate = ajv.compile(schema)));
  }
  if (validate(document)) return [];
  return (validate.errors ?? []).map(
    (e) => `${name}${e.instancePath || ''}: ${e.message ?? 'is not valid'}`,
  );
}

function iconProblems(name: string, data: Buffer | undefined, size: number, outline: boolean) {
  if (!data) return [`${name} is missing`];
  let png: PNG;
  try {
    png = PNG.sync.read(data);
  } catch {
    return [`${name} is not a PNG`];
  }
  const out: string[] = [];
  if (png.width !== size || png.height !== size)
    out.push(`${name} is ${png.width}×${png.height}, not ${size}×${size}`);
  if (outline) {
    let transparent = 0;
    let coloured = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      const [r, g, b, a] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!, png.data[i + 3]!];
      if (a === 0) transparent++;
      else if (r !== 255 || g !== 255 || b !== 255) coloured++;
    }
    if (!transparent) out.push(`${name} has no transparent background`);
    if (coloured) out.push(`${name} has ${coloured} pixels that are not white`);
  }
  return out;
}

interface Manifest {
  id?: string;
  version?: string;
  icons?: { color?: string; outline?: string };
  localizationInfo?: { defaultLanguageFile?: string };
  bots?: { botId?: string; commandLists?: { commands?: { title?: string }[] }[] }[];
  composeExtensions?: { botId?: string; commands?: { id?: string; type?: string }[] }[];
  webApplicationInfo?: { id?: string };
  [key: string]: unknown;
}

/** Every problem the package has; empty when Teams would take it. */
export function checkAppPackage(files: PackageFiles): string[] {
  const problems: string[] = [];
  for (const [name, text] of Object.entries(files.json)) {
    const left = /\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/.exec(text);
    if (left) problems.push(`${name}: \${{${left[1]}}} is not filled`);
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(files.json['manifest.json'] ?? '') as Manifest;
  } catch {
    return [...problems, 'manifest.json is not JSON'];
  }
  problems.push(...schemaProblems('manifest.json', manifest));

  const ids: [string, unknown][] = [
    ['id', manifest.id],
    ['webApplicationInfo.id', manifest.webApplicationInfo?.id],
    ...(manifest.bots ?? []).map((b, i) => [`bots[${i}].botId`, b.botId] as [string, unknown]),
    ...(manifest.composeExtensions ?? []).map(
      (c, i) => [`composeExtensions[${i}].botId`, c.botId] as [string, unknown],
    ),
  ];
  for (const [where, id] of ids)
    if (typeof id !== 'string' || !GUID.test(id)) problems.push(`${where} is not a GUID`);
  if (!/^\d+\.\d+\.\d+$/.test(manifest.version ?? ''))
    problems.push(`version "${manifest.version}" is not x.y.z`);

  problems.push(
    ...iconProblems('color.png', files.binary[manifest.icons?.color ?? ''], 192, false),
    ...iconProblems('outline.png', files.binary[manifest.icons?.outline ?? ''], 32, true),
  );

  for (const list of manifest.bots?.flatMap((b) => b.commandLists ?? []) ?? [])
    for (const { title } of list.commands ?? []) {
      const example = title === undefined ? undefined : COMMAND_EXAMPLES[title];
      if (example === undefined || parseCommand(example).verb === 'unknown')
        problems.push(`bot command "${title}" is not one the bot understands`);
    }
  for (const command of manifest.composeExtensions?.flatMap((c) => c.commands ?? []) ?? []) {
    const kind = (MESSAGE_EXTENSION_COMMANDS as Record<string, string>)[command.id ?? ''];
    if (!kind) problems.push(`message extension command "${command.id}" is not handled`);
    else if (kind !== (command.type ?? 'query'))
      problems.push(`message extension command "${command.id}" is handled as ${kind}`);
  }

  const languageFile = manifest.localizationInfo?.defaultLanguageFile;
  if (languageFile) {
    const text = files.json[languageFile];
    if (text === undefined) problems.push(`${languageFile} is named but not in the package`);
    else {
      const strings = JSON.parse(text) as Record<string, unknown>;
      problems.push(...schemaProblems(languageFile, strings));
      for (const [key, value] of Object.entries(strings)) {
        if (key === '$schema') continue;
        const said = valueAt(manifest, key);
        if (said !== value)
          problems.push(
            `${languageFile}: "${key}" says "${String(value)}", the manifest "${String(said)}"`,
          );
      }
    }
  }
  return problems;
}

/** The value at a localization key's path (`bots[0].commandLists[1].commands[0].title`). */
function valueAt(document: unknown, key: string): unknown {
  let at: unknown = document;
  for (const part of key.match(/[^.[\]]+/g) ?? []) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}
