/**
 * `--format text|json|markdown` and the markdown report's options, shared by the commands
 * that print plans (plan, impact).
 */
import type { OptionSpec } from '../command.js';
import { BillsyncError } from '../../model/errors.js';
import { DEFAULT_MARKDOWN_BUDGET, type MarkdownReportOptions } from '../../report/markdown.js';

export type ReportFormat = 'text' | 'json' | 'markdown';

const FORMATS: readonly ReportFormat[] = ['text', 'json', 'markdown'];

export const MARKDOWN_OPTIONS: OptionSpec = {
  budget: { type: 'string' },
  artefact: { type: 'string' },
};

export const MARKDOWN_HELP = `      --budget N            markdown: at most N characters (default ${DEFAULT_MARKDOWN_BUDGET}, one
                            GitHub comment holds 65,536); what does not fit is counted
      --artefact NAME       markdown: where the full JSON plan is (a file name or a URL);
                            default: the --out file`;

/** The chosen format; `--json` is a shorthand for `--format json`. */
export function parseFormat(values: Record<string, unknown>): ReportFormat {
  const format = values.json ? 'json' : String(values.format ?? 'text');
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new BillsyncError('USAGE', `unknown --format '${format}'`, { fix: `use --format ${FORMATS.join(', ')}` });
  }
  return format as ReportFormat;
}

/** The markdown renderer's budget and artefact from the command line. */
export function markdownOptionsFrom(values: Record<string, unknown>): Pick<MarkdownReportOptions, 'budget' | 'artefact'> {
  const out: { budget?: number; artefact?: string } = {};
  if (values.budget !== undefined) {
    const n = Number(values.budget);
    if (!Number.isInteger(n) || n < 2_000) {
      throw new BillsyncError('USAGE', `--budget must be a whole number of characters, at least 2000 (got '${String(values.budget)}')`, {
        fix: 'e.g. --budget 65000',
      });
    }
    out.budget = n;
  }
  const artefact = values.artefact ?? values.out;
  if (typeof artefact === 'string' && artefact !== '') out.artefact = artefact;
  return out;
}
