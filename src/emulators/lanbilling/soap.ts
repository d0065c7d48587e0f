/**
 * The emulator's half of SOAP 1.1 as LBcore (gSOAP) speaks it: document/literal, the operation
 * element in namespace `urn:api3` inside `SOAP-ENV:Body`, unqualified children (`flt`, `id`),
 * answers as `ns1:<op>Response` holding `ret` elements, and errors as HTTP 500 with a
 * `SOAP-ENV:Fault` whose `detail` carries the text clients match on (KT `SoapAdapter.kt`).
 * XML is parsed and built with fast-xml-parser; no value is ever concatenated into markup.
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';

export const SOAP_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const API3_NS = 'urn:api3';

/** A value the renderer can put in XML: arrays become repeated elements. */
export type XmlValue = string | number | boolean | null | readonly XmlValue[] | { readonly [k: string]: XmlValue };
export type XmlObject = { readonly [k: string]: XmlValue };

export interface SoapRequest {
  /** Operation name without prefix, e.g. `getVgroups`. */
  readonly op: string;
  /** The operation element's children, prefixes stripped; leaves are strings. */
  readonly args: Readonly<Record<string, unknown>>;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: false,
  parseTagValue: false,
  htmlEntities: true,
  ignoreDeclaration: true,
});

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: false });

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses a request envelope; a string is the reason it is not a valid api3 request. */
export function parseSoapRequest(body: string): SoapRequest | string {
  // SOAP 1.1 messages must not carry a DTD; refusing it also keeps entity expansion out.
  if (/<!DOCTYPE/i.test(body)) return 'DTD is not allowed in SOAP messages';
  let doc: unknown;
  try {
    doc = parser.parse(body);
  } catch (err) {
    return `malformed XML: ${(err as Error).message}`;
  }
  if (!isNode(doc)) return 'empty request';
  const envKey = Object.keys(doc).find((k) => localName(k) === 'Envelope');
  const envelope = envKey === undefined ? undefined : doc[envKey];
  if (envKey === undefined || !isNode(envelope)) return 'no SOAP Envelope';
  if (namespaceOf(envKey, [envelope]) !== SOAP_ENV_NS) return 'Envelope is not in the SOAP 1.1 namespace';
  const bodyKey = Object.keys(envelope).find((k) => localName(k) === 'Body');
  const soapBody = bodyKey === undefined ? undefined : envelope[bodyKey];
  if (bodyKey === undefined || !isNode(soapBody)) return 'no SOAP Body';
  const opKey = Object.keys(soapBody).find((k) => !k.startsWith('@_'));
  if (opKey === undefined) return 'empty SOAP Body';
  const opNode = soapBody[opKey];
  const scope = [isNode(opNode) ? opNode : {}, soapBody, envelope];
  const ns = namespaceOf(opKey, scope);
  if (ns !== API3_NS) return noMethodFault(opKey);
  return { op: localName(opKey), args: isNode(opNode) ? stripped(opNode) : {} };
}

/** A response envelope for `op` whose operation element holds `payload`. */
export function renderSoapResponse(op: string, payload: XmlObject): string {
  return render({ [`ns1:${op}Response`]: payload });
}

/** A SOAP Fault envelope (send it with HTTP 500). */
export function renderSoapFault(code: 'Client' | 'Server', faultstring: string, detail: string): string {
  return render({ 'SOAP-ENV:Fault': { faultcode: `SOAP-ENV:${code}`, faultstring, detail } });
}

function render(bodyContent: XmlObject): string {
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    'SOAP-ENV:Envelope': {
      '@_xmlns:SOAP-ENV': SOAP_ENV_NS,
      '@_xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      '@_xmlns:xsd': 'http://www.w3.org/2001/XMLSchema',
      '@_xmlns:ns1': API3_NS,
      'SOAP-ENV:Body': bodyContent,
    },
  }) as string;
}

function localName(key: string): string {
  const i = key.indexOf(':');
  return i < 0 ? key : key.slice(i + 1);
}

/** The namespace URI of a prefixed name, resolved through the innermost declaring element. */
function namespaceOf(key: string, scope: readonly Node[]): string | undefined {
  const i = key.indexOf(':');
  const attr = i < 0 ? '@_xmlns' : `@_xmlns:${key.slice(0, i)}`;
  for (const node of scope) {
    const v = node[attr];
    if (typeof v === 'string') return v;
  }
  return undefined;
}

/** Children without attributes and without prefixes (clients may qualify `flt` or not). */
function stripped(node: Node): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('@_')) continue;
    const clean = (v: unknown): unknown => (isNode(v) ? stripped(v) : Array.isArray(v) ? v.map(clean) : v);
    out[localName(key)] = clean(value);
  }
  return out;
}

/**
 * The fault text LBcore answers for a method it does not have: LBcore's SOAP server is gSOAP, and
 * this is gSOAP's own SOAP_NO_METHOD message, reproduced so clients meet the real wording.
 */
export function noMethodFault(qualifiedName: string): string {
  return `Method '${qualifiedName}' not implemented: method name or namespace not recognized`;
}
