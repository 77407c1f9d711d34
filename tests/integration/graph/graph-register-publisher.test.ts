/**
 * `GraphRegisterPublisher` through the production Graph connection against the Graph double's
 * document library: the register's bytes land in the folder and its webUrl comes back; a month
 * published again replaces its file; throttling is waited out; names are percent-encoded, and
 * names SharePoint would refuse are refused before anything is sent.
 */
import type { Graph } from '../../../server/graph/graph-client';
import { GraphRegisterPublisher } from '../../../server/graph/graph-register-publisher';
import { XLSX_CONTENT_TYPE } from '../../../server/reports/case-register';
import { GraphDouble, graphClientFor } from '../../support/graph-double';

let double: GraphDouble;
let graph: Graph;

beforeAll(async () => {
  double = await GraphDouble.start({ retryAfterSeconds: 0 });
  graph = graphClientFor(double);
});

afterAll(() => double.close());

beforeEach(() => double.reset());

const SITE_URL = 'https://contoso.sharepoint.com/sites/liaison';
const FOLDER = 'IRO Liaison registers';
const NAME = 'case-register-2026-12.xlsx';
const bytes = (text: string) => new Uint8Array(Buffer.from(text));
const register = (text = 'PK workbook 2026-12', name = NAME) => ({
  name,
  content: bytes(text),
  contentType: XLSX_CONTENT_TYPE,
});

/** The requests to the library, as the double logged them (path still percent-encoded). */
const uploads = () => double.log.filter((e) => e.path.includes('/drive/'));

describe('GraphRegisterPublisher', () => {
  test('uploads the register into the folder of the site’s library and gives back its webUrl', async () => {
    const publisher = new GraphRegisterPublisher(graph, double.siteId);

    const published = await publisher.publish(register());

    expect(published).toEqual({
      url: `${SITE_URL}/Shared%20Documents/IRO%20Liaison%20registers/case-register-2026-12.xlsx`,
    });
    const file = double.drive.file(`${FOLDER}/${NAME}`)!;
    expect(file.content.toString()).toBe('PK workbook 2026-12');
    expect(file.mimeType).toBe(XLSX_CONTENT_TYPE);
    expect(file.sentContentType).toBe(XLSX_CONTENT_TYPE);
    expect(double.drive.files()).toEqual([`${FOLDER}/${NAME}`]);
    // One request: the simple upload by path, replacing whatever is there.
    expect(uploads().map((e) => [e.method, e.path, e.status])).toEqual([
      [
        'PUT',
        `/v1.0/sites/${double.siteId}/drive/root:/IRO%20Liaison%20registers/${NAME}:/content?@microsoft.graph.conflictBehavior=replace`,
        201,
      ],
    ]);
  });

  test('publishing the same month again replaces the file: one file, the new bytes, the same address', async () => {
    const publisher = new GraphRegisterPublisher(graph, double.siteId);
    const first = await publisher.publish(register('first round'));
    const id = double.drive.file(`${FOLDER}/${NAME}`)!.id;

    const again = await publisher.publish(register('after a crash, again'));

    expect(again).toEqual(first);
    expect(double.drive.files()).toEqual([`${FOLDER}/${NAME}`]);
    const file = double.drive.file(`${FOLDER}/${NAME}`)!;
    expect(file).toMatchObject({ id, version: 2 });
    expect(file.content.toString()).toBe('after a crash, again');
    expect(uploads().map((e) => e.status)).toEqual([201, 200]);
  });

  test('another month is another file beside it', async () => {
    const publisher = new GraphRegisterPublisher(graph, double.siteId);
    await publisher.publish(register());
    await publisher.publish(register('January', 'case-register-2027-01.xlsx'));
    expect(double.drive.files()).toEqual([
      `${FOLDER}/${NAME}`,
      `${FOLDER}/case-register-2027-01.xlsx`,
    ]);
  });

  test('a 429 with Retry-After is waited out and the upload sent again', async () => {
    double.failNext(1, 429, 1);
    const publisher = new GraphRegisterPublisher(graph, double.siteId);
    const started = Date.now();

    await publisher.publish(register());

    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(uploads().map((e) => [e.status, e.reason])).toEqual([
      [429, 'injected'],
      [201, undefined],
    ]);
    expect(double.drive.file(`${FOLDER}/${NAME}`)!.content.toString()).toBe('PK workbook 2026-12');
  });

  test('a 503 is retried too, and so is a body of the generic binary type', async () => {
    double.failNext(1, 503, 0);
    double.failNext(1, 429, 0);
    const publisher = new GraphRegisterPublisher(graph, double.siteId);

    await publisher.publish({ ...register(), contentType: 'application/octet-stream' });

    expect(uploads().map((e) => e.status)).toEqual([503, 429, 201]);
    // The client's RetryHandler never retries a body sent as exactly application/octet-stream.
    expect(double.drive.file(`${FOLDER}/${NAME}`)!.sentContentType).toBe('text/plain');
    expect(double.drive.file(`${FOLDER}/${NAME}`)!.mimeType).toBe(XLSX_CONTENT_TYPE);
  });

  test('throttling that outlasts the retries fails the publish, leaving no file', async () => {
    double.failNext(10, 429, 0);
    const publisher = new GraphRegisterPublisher(graph, double.siteId);
    await expect(publisher.publish(register())).rejects.toMatchObject({ statusCode: 429 });
    expect(double.drive.files()).toEqual([]);
  });

  test('a name with spaces and other special characters is percent-encoded, segment by segment', async () => {
    const name = 'Case register – O’Brien & Co (north) + 50 days, ü.xlsx';
    const publisher = new GraphRegisterPublisher(graph, double.siteId, 'Registers/2026 – 27');

    const published = await publisher.publish(register('x', name));

    const encoded = `Registers/2026%20%E2%80%93%2027/${encodeURIComponent(name)}`;
    expect(uploads()[0]!.path).toBe(
      `/v1.0/sites/${double.siteId}/drive/root:/${encoded}:/content?@microsoft.graph.conflictBehavior=replace`,
    );
    expect(encodeURIComponent(name)).not.toMatch(/[ &+’ü]/);
    expect(double.drive.files()).toEqual([`Registers/2026 – 27/${name}`]);
    expect(published.url).toBe(`${SITE_URL}/Shared%20Documents/${encoded}`);
  });

  test('names SharePoint would refuse are refused before anything is sent', async () => {
    const publisher = new GraphRegisterPublisher(graph, double.siteId);
    for (const name of [
      'a:b.xlsx',
      'a#b.xlsx',
      '50%.xlsx',
      '../a.xlsx',
      'a?.xlsx',
      ' a.xlsx',
      '',
    ]) {
      await expect(publisher.publish(register('x', name))).rejects.toThrow(RangeError);
    }
    await expect(
      new GraphRegisterPublisher(graph, double.siteId, 'Registers.').publish(register()),
    ).rejects.toThrow(/folder name/);
    expect(double.log).toEqual([]);
  });

  test('sends exactly the bytes of the view it is given, not the buffer behind it', async () => {
    const whole = Buffer.from('0123456789 the register 0123456789');
    const view = new Uint8Array(whole.buffer, whole.byteOffset + 11, 12);
    const publisher = new GraphRegisterPublisher(graph, double.siteId);

    await publisher.publish({ name: NAME, content: view, contentType: XLSX_CONTENT_TYPE });

    expect(double.drive.file(`${FOLDER}/${NAME}`)!.content.toString()).toBe('the register');
  });
});

describe('the Graph double’s document library', () => {
  async function put(path: string, body: string, query = '') {
    const response = await fetch(
      `${double.graphUrl}/sites/${double.siteId}/drive/root:/${path}:/content${query}`,
      {
        method: 'PUT',
        headers: {
          Authorization: `Bearer ${await double.accessToken()}`,
          'Content-Type': 'text/plain',
        },
        body,
      },
    );
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }

  test('answers 201 with the driveItem for a new file, 200 when it replaces one, keeping its id', async () => {
    const made = await put('Folder%20A/File%20B.txt', 'The contents of the file goes here.');
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      name: 'File B.txt',
      size: 35,
      webUrl: `${SITE_URL}/Shared%20Documents/Folder%20A/File%20B.txt`,
      file: { mimeType: 'text/plain' },
      parentReference: { driveType: 'documentLibrary', path: '/drive/root:/Folder%20A' },
    });
    expect(made.body.id).toMatch(/^01[A-Z2-7]{32}$/);

    // Names compare without regard to case; the file keeps its first name.
    const replaced = await put('folder%20a/file%20b.TXT', 'New.');
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ id: made.body.id, name: 'File B.txt', size: 4 });
    expect(replaced.body.eTag).not.toBe(made.body.eTag);
  });

  test('honours conflictBehavior fail and rename, and refuses reserved characters', async () => {
    await put('A/x.txt', 'one');
    const fail = await put('A/x.txt', 'two', '?@microsoft.graph.conflictBehavior=fail');
    expect(fail.status).toBe(409);
    expect(fail.body.error.code).toBe('nameAlreadyExists');
    const renamed = await put('A/x.txt', 'two', '?@microsoft.graph.conflictBehavior=rename');
    expect(renamed).toMatchObject({ status: 201, body: { name: 'x 1.txt' } });
    expect(double.drive.files()).toEqual(['A/x.txt', 'A/x 1.txt']);
    expect((await put('A/x%3Cy.txt', 'three')).status).toBe(400);
  });

  test('a file where a folder is wanted is a conflict', async () => {
    await put('A', 'a file called A');
    expect((await put('A/x.txt', 'x')).status).toBe(409);
  });
});
