// Every report format, by the name the CLI's --format takes. Adding a format is one line here.
import type { Report } from '../run';
import type { RenderOptions } from './options';
import * as html from './html';
import * as json from './json';
import * as junit from './junit';
import * as ocsf from './ocsf';
import * as sarif from './sarif';
import * as table from './table';

export type RenderReport = (report: Report, options?: RenderOptions) => string;

export const formats = {
  table: table.render,
  json: json.render,
  sarif: sarif.render,
  junit: junit.render,
  ocsf: ocsf.render,
  'ocsf-jsonl': ocsf.renderLines,
  html: html.render,
} as const satisfies Record<string, RenderReport>;

export type FormatName = keyof typeof formats;

export const FORMAT_NAMES = Object.keys(formats) as FormatName[];

export { DEFAULT_WIDTH, outputWidth, renderOptionsFor, wantsColor, type OutputStream, type RenderContext, type RenderOptions } from './options';
