/** Wire-format helpers shared by the demo handlers: XML building with escaping, request ids, errors. */
import { HttpResponse } from 'msw';

/** Already-serialised XML. Anything else handed to el() is text and gets escaped. */
export class Xml {
  constructor(readonly text: string) {}
}

export type XmlContent = Xml | string | number | boolean | undefined | null | false | XmlContent[];

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

function render(content: XmlContent): string {
  if (content === undefined || content === null || content === false) return '';
  if (content instanceof Xml) return content.text;
  if (Array.isArray(content)) return content.map(render).join('');
  return escapeXml(String(content));
}

/** <name attrs>content</name>; `false`, null and undefined children are skipped. */
export function el(name: string, ...content: XmlContent[]): Xml {
  return elAttrs(name, {}, ...content);
}

export function elAttrs(name: string, attrs: Record<string, string>, ...content: XmlContent[]): Xml {
  const a = Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  return new Xml(`<${name}${a}>${render(content)}</${name}>`);
}

/** An element only when the value is defined. */
export function opt(name: string, value: string | number | boolean | undefined): Xml | undefined {
  return value === undefined ? undefined : el(name, value);
}

export function xmlDocument(root: Xml): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root.text}`;
}

/** Deterministic request ids, so a demo run reads the same every time. */
export class RequestIds {
  private n = 0;

  next(): string {
    this.n += 1;
    return `DEMO${this.n.toString(16).toUpperCase().padStart(12, '0')}`;
  }
}

export const iso = (date: string) => new Date(date).toISOString();
export const epochSeconds = (date: string) => Math.floor(new Date(date).getTime() / 1000);

export function xmlResponse(body: string, status: number, headers: Record<string, string>): HttpResponse<string> {
  return new HttpResponse(body, { status, headers: { 'content-type': 'application/xml', ...headers } });
}

/** awsJson1_1 (KMS, Resource Groups Tagging API, CloudTrail). */
export function jsonResponse(value: unknown, requestId: string): HttpResponse<string> {
  return new HttpResponse(JSON.stringify(value), {
    status: 200,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId },
  });
}

/** messageKey: KMS's error shapes name the member `message`, CloudTrail's `Message`. */
export function jsonError(code: string, message: string, requestId: string, status = 400, messageKey: 'message' | 'Message' = 'message'): HttpResponse<string> {
  return new HttpResponse(JSON.stringify({ __type: code, [messageKey]: message }), {
    status,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId },
  });
}

export const DEMO_READ_ONLY = 'the envelope demo account is read-only and emulates only the reads envelope makes';
