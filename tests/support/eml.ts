/**
 * Reads an `.eml` file the local mail notifier writes (multipart/alternative, parts in 8bit or
 * base64): the message's headers, each part's headers and decoded content, and whether the last
 * boundary closes.
 */
export function parseEml(eml: string) {
  const [head, ...rest] = eml.split('\r\n\r\n');
  const body = rest.join('\r\n\r\n');
  const boundary = /boundary="([^"]+)"/.exec(head!)![1]!;
  const parts = body
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((raw) => {
      const whole = raw.replace(/^\r\n/, '');
      const blank = whole.indexOf('\r\n\r\n');
      const partHead = whole.slice(0, blank);
      const content = whole.slice(blank + 4);
      return {
        head: partHead,
        content: /^Content-Transfer-Encoding: base64$/m.test(partHead)
          ? Buffer.from(content.replace(/\r\n/g, ''), 'base64').toString('utf8')
          : content.replace(/\r\n$/, ''),
        lines: content.split('\r\n').filter(Boolean),
      };
    });
  return { head: head!, parts, closed: body.trimEnd().endsWith(`--${boundary}--`) };
}
