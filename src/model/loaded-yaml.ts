/**
 * A parsed YAML file that still knows where every node came from: what the mapping compiler
 * reads, so its errors can name file:line:col. The config layer produces these.
 */
import type { SourcePosition } from './errors.js';

/** Path into a YAML document: keys and list indexes. */
export type YamlPath = readonly (string | number)[];

/** A parsed YAML file that still knows where every node came from. */
export interface LoadedYaml {
  readonly file: string;
  /** Plain JS value of the document (after secret resolution, where applied). */
  readonly value: unknown;
  /** Position of the node at `path`; falls back to the nearest existing ancestor. */
  positionOf(path: YamlPath): SourcePosition;
}
