/**
 * The Teams and Outlook app package: `npm run package -- --env NAME` fills appPackage/ from the
 * environment's files, validates it against the official schemas in `@microsoft/app-manifest`,
 * checks what they cannot (icons, ids, version, commands the code handles) and writes the zip.
 * Each check is also shown failing on a package that breaks it.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { checkAppPackage, type PackageFiles } from '../../scripts/app-package-checks';
import {
  PackageError,
  buildAppPackage,
  fill,
  packageCommand,
  parseEnvFile,
} from '../../scripts/app-package';

const ROOT = resolve(__dirname, '../..');
const ENV = `# A test environment (not secret)
TEAMS_APP_ID=2a8c4e1f-6b3d-4f7a-9c2e-5d1b7a3f9e04
APP_VERSION=1.2.3
PUBLISHER_NAME="Example Borough Council"
PRIVACY_URL=https://council.example.gov.uk/privacy
TERMS_OF_USE_URL=https://council.example.gov.uk/terms
BOT_ID=7f3e9a2b-1c4d-4e5f-8a6b-9c0d1e2f3a4b
BOT_DOMAIN=liaison-test.azurewebsites.net
TAB_ENDPOINT=https://liaison-test.azurewebsites.net
AAD_APP_CLIENT_ID=0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e  # the Entra app
`;

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'liaison-package-'));
  // The package's source only: never a build/ left by an earlier `npm run package`.
  cpSync(join(ROOT, 'appPackage'), join(root, 'appPackage'), {
    recursive: true,
    filter: (from) => !from.startsWith(join(ROOT, 'appPackage', 'build')),
  });
  mkdirSync(join(root, 'env'));
  writeFileSync(join(root, 'env', '.env.test'), ENV);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const built = () => buildAppPackage(root, 'test', {});
const manifestOf = (files: PackageFiles) =>
  JSON.parse(files.json['manifest.json']!) as Record<string, any>;
function withManifest(change: (m: Record<string, any>) => void): PackageFiles {
  const files = built();
  const m = manifestOf(files);
  change(m);
  return { ...files, json: { ...files.json, 'manifest.json': JSON.stringify(m) } };
}

test('the filled manifest passes the official v1.30 schema and every other check', () => {
  const files = built();
  const manifest = manifestOf(files);
  expect(manifest.$schema).toBe(
    'https://developer.microsoft.com/json-schemas/teams/v1.30/MicrosoftTeams.schema.json',
  );
  expect(checkAppPackage(files)).toEqual([]);
  expect(manifest.id).toBe('2a8c4e1f-6b3d-4f7a-9c2e-5d1b7a3f9e04');
  expect(manifest.developer.name).toBe('Example Borough Council');
  expect(manifest.validDomains).toEqual(['liaison-test.azurewebsites.net']);
  expect(manifest.webApplicationInfo.resource).toBe(
    'api://liaison-test.azurewebsites.net/0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
  );
  expect(manifest.staticTabs[0].contentUrl).toBe('https://liaison-test.azurewebsites.net/tab/');
  expect(manifest.configurableTabs[0].configurationUrl).toBe(
    'https://liaison-test.azurewebsites.net/tab/config',
  );
});

test('the package is a zip of the manifest, its strings and its icons, written where the toolkit looks', async () => {
  const out = await packageCommand(['--env', 'test'], root, {});
  expect(out).toBe(join(root, 'appPackage', 'build', 'appPackage.test.zip'));
  const zip = await JSZip.loadAsync(readFileSync(out));
  expect(Object.keys(zip.files).sort()).toEqual([
    'color.png',
    'en-gb.json',
    'manifest.json',
    'outline.png',
  ]);
  const inZip = JSON.parse(await zip.file('manifest.json')!.async('string'));
  expect(inZip.version).toBe('1.2.3');
  // The same input gives the same bytes.
  const again = await packageCommand(['--env', 'test'], root, {});
  expect(readFileSync(again).equals(readFileSync(out))).toBe(true);
});

test('the process environment and a .user file override the env file', () => {
  writeFileSync(join(root, 'env', '.env.test.user'), 'APP_VERSION=1.2.4\n');
  expect(manifestOf(built()).version).toBe('1.2.4');
  expect(manifestOf(buildAppPackage(root, 'test', { APP_VERSION: '2.0.0' })).version).toBe('2.0.0');
});

test('a missing variable, an unknown environment or a bad env line is a clear error, and nothing is written', async () => {
  writeFileSync(join(root, 'env', '.env.test'), ENV.replace(/^BOT_ID=.*$/m, 'BOT_ID='));
  expect(built).toThrow(/env\/\.env\.test does not give BOT_ID \(used in appPackage\/\)/);
  await expect(packageCommand(['--env', 'nope'], root, {})).rejects.toThrow(
    'there is no env/.env.nope',
  );
  await expect(packageCommand(['--env', '../x'], root, {})).rejects.toThrow(PackageError);
  await expect(packageCommand([], root, {})).rejects.toThrow(/say which environment/);
  expect(() => parseEnvFile('GOOD=1\nnot a line\n', 'env/.env.x')).toThrow(
    'env/.env.x:2: expected KEY=VALUE',
  );
  expect(fill('"${{A}}"', { A: 'say "hi"' }).text).toBe('"say \\"hi\\""');
  expect(existsSync(join(root, 'appPackage', 'build'))).toBe(false);
});

test('the schema check fails a manifest the schema refuses', () => {
  const problems = checkAppPackage(
    withManifest((m) => {
      m.accentColor = 'blue';
      m.surprise = true;
    }),
  );
  expect(problems).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^manifest\.json\/accentColor: /),
      expect.stringMatching(/^manifest\.json: must NOT have additional properties/),
    ]),
  );
});

test('ids must be GUIDs and the version x.y.z', () => {
  const problems = checkAppPackage(
    withManifest((m) => {
      m.bots[0].botId = 'not-a-guid';
      m.version = '1.0';
    }),
  );
  expect(problems).toEqual(
    expect.arrayContaining(['bots[0].botId is not a GUID', 'version "1.0" is not x.y.z']),
  );
});

test('every command listed must be one the code handles, of the kind declared', () => {
  const problems = checkAppPackage(
    withManifest((m) => {
      m.bots[0].commandLists[0].commands.push({ title: 'dance', description: 'Dance.' });
      m.composeExtensions[0].commands[0].type = 'action';
      m.composeExtensions[0].commands.push({ id: 'shareCase', type: 'query', title: 'Share' });
    }),
  );
  expect(problems).toEqual(
    expect.arrayContaining([
      'bot command "dance" is not one the bot understands',
      'message extension command "findCase" is handled as query',
      'message extension command "shareCase" is not handled',
    ]),
  );
});

test('icons: colour 192×192; outline 32×32, white on transparency', () => {
  const files = built();
  const colour = PNG.sync.read(files.binary['color.png']!);
  expect([colour.width, colour.height]).toEqual([192, 192]);
  const solid = new PNG({ width: 32, height: 32 });
  solid.data.fill(255); // white and opaque: no transparency
  const grey = new PNG({ width: 32, height: 32 });
  for (let i = 0; i < grey.data.length; i += 4) grey.data.set([128, 128, 128, i < 64 ? 0 : 255], i);
  const small = new PNG({ width: 96, height: 96 });
  expect(
    checkAppPackage({
      ...files,
      binary: { 'color.png': PNG.sync.write(small), 'outline.png': PNG.sync.write(solid) },
    }),
  ).toEqual(['color.png is 96×96, not 192×192', 'outline.png has no transparent background']);
  expect(
    checkAppPackage({ ...files, binary: { ...files.binary, 'outline.png': PNG.sync.write(grey) } }),
  ).toEqual(['outline.png has 1008 pixels that are not white']);
});

test('the strings file must say what the manifest says', () => {
  const files = built();
  const strings = JSON.parse(files.json['en-gb.json']!);
  strings['composeExtensions[0].commands[1].title'] = 'Alert the IRO';
  expect(
    checkAppPackage({ ...files, json: { ...files.json, 'en-gb.json': JSON.stringify(strings) } }),
  ).toEqual([
    'en-gb.json: "composeExtensions[0].commands[1].title" says "Alert the IRO", the manifest "Send IRO alert"',
  ]);
});

test('the committed dev environment fills every placeholder and passes every check', () => {
  const manifest = manifestOf(buildAppPackage(ROOT, 'dev', {}));
  expect(manifest.name.short).toBe('IRO Liaison');
});
