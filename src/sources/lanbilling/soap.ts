/**
 * The client's half of SOAP 1.1 for LBcore `api3` (shared/api/lanbilling.md §2.1): requests are
 * document/literal envelopes with the operation in `urn:api3` and unqualified children; answers
 * hold `<op>Response` with repeated `ret` elements; errors are `SOAP-ENV:Fault` (HTTP 500) whose
 * `detail` text is what clients match on. Built and parsed with fast-xml-parser, so values from
 * config or the server are escaped, never concatenated into markup.
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';

export const SOAP_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const API3_NS = 'urn:api3';

/** Request arguments: arrays become repeated elements. */
export type XmlValue = string | number | readonly XmlValue[] | { readonly [k: string]: XmlValue };
export type XmlArgs = { readonly [k: string]: XmlValue };

/** A parsed element: leaves are strings, repeated `ret`/`data`/list elements are arrays. */
export type XmlNode = Readonly<Record<string, unknown>>;

export interface SoapFaultInfo {
  readonly faultcode: string;
  readonly faultstring: string;
  readonly detail: string;
}

export type SoapAnswer =
  | { readonly kind: 'response'; readonly body: XmlNode }
  | { readonly kind: 'fault'; readonly fault: SoapFaultInfo }
  | { readonly kind: 'unexpected'; readonly reason: string };

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: false });

/** Elements that are lists in the api3 types read here, even when one element came back. */
const LIST_NAMES = new Set(['ret', 'data', 'agreements', 'addresses', 'macstaff']);

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  htmlEntities: true,
  ignoreDeclaration: true,
  // `address` is a list inside a vgroup (`ret.address[]`) but a string inside an address entry.
  isArray: (name, jpath) => LIST_NAMES.has(name) || (name === 'address' && String(jpath).endsWith('Response.ret.address')),
});

/** A request envelope for `op` with `args` as the operation element's children. */
export function buildSoapRequest(op: string, args: XmlArgs): string {
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    'SOAP-ENV:Envelope': {
      '@_xmlns:SOAP-ENV': SOAP_ENV_NS,
      '@_xmlns:ns1': API3_NS,
      'SOAP-ENV:Body': { [`ns1:${op}`]: args },
    },
  }) as string;
}

/** Reads an answer: the `<op>Response` element, a Fault, or why it is neither. */
export function parseSoapAnswer(body: string, op: string): SoapAnswer {
  // SOAP forbids DTDs; refusing them keeps entity expansion out of the parser.
  if (/<!DOCTYPE/i.test(body)) return { kind: 'unexpected', reason: 'answer carries a DTD' };
  let doc: unknown;
  try {
    doc = parser.parse(body);
  } catch (err) {
    return { kind: 'unexpected', reason: `answer is not XML (${(err as Error).message})` };
  }
  const soapBody = child(child(doc, 'Envelope'), 'Body');
  if (soapBody === undefined) return { kind: 'unexpected', reason: 'answer is not a SOAP envelope' };
  const fault = child(soapBody, 'Fault');
  if (fault !== undefined) {
    return {
      kind: 'fault',
      fault: { faultcode: textOf(fault.faultcode), faultstring: textOf(fault.faultstring), detail: textOf(fault.detail) },
    };
  }
  const response = (soapBody as Record<string, unknown>)[`${op}Response`];
  // An operation element with no children parses as '' (an empty list answer).
  if (response === '') return { kind: 'response', body: {} };
  if (!isNode(response)) return { kind: 'unexpected', reason: `no ${op}Response in the SOAP body` };
  return { kind: 'response', body: response };
}

/** The `ret` elements of a list answer (none = empty list). */
export function retList(body: XmlNode): XmlNode[] {
  return nodes(body.ret);
}

/** Elements of a list field: objects only (an empty element parses as ''). */
export function nodes(value: unknown): XmlNode[] {
  const items = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return items.filter(isNode);
}

/**
 * Text of a leaf ('' when absent). A `detail` may hold nested markup and a `ret` that is one
 * value still parses as a list: both are flattened, so `ret` of `Count` reads as its number.
 */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const parts = Array.isArray(value) ? value : isNode(value) ? Object.values(value) : [];
  return parts.map(textOf).filter((t) => t !== '').join(' ');
}

function child(node: unknown, name: string): XmlNode | undefined {
  if (!isNode(node)) return undefined;
  const value = node[name];
  return isNode(value) ? value : undefined;
}

function isNode(v: unknown): v is XmlNode {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
