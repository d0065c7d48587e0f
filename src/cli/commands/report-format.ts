/**
 * `--format text|json|markdown` and the markdown report's options, shared by the commands
 * that print plans (plan, impact).
 */
import type { OptionSpec } from '../command.js';
import { BillsyncError } from '../../model/errors.js';
import { didYouMean } from '../../util/suggest.js';
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

/**
 * The chosen format. `--json` means exactly `--format json` (the report as JSON on stdout, and
 * errors as JSON too); given with another `--format` it contradicts it, and that is an error
 * rather than a silent pick. `--format` has no parse-time default so the two can be told apart.
 */
export function parseFormat(values: Record<string, unknown>): ReportFormat {
  const given = values.format === undefined ? undefined : String(values.format);
  if (given !== undefined && !(FORMATS as readonly string[]).includes(given)) {
    throw new BillsyncError('USAGE', `unknown --format '${given}'${didYouMean(given, FORMATS)}`, { fix: `use --format ${FORMATS.join(', ')}` });
  }
  if (values.json === true && given !== undefined && given !== 'json') {
    throw new BillsyncError('USAGE', `--json means --format json, which contradicts --format ${given}`, { fix: `pass one of them: --json (or --format json) for JSON, --format ${given} for ${given}` });
  }
  return values.json === true ? 'json' : ((given ?? 'text') as ReportFormat);
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
