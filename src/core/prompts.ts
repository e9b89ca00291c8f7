import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PromptError } from './errors.js';

/** Folder of the plain-text prompt templates. */
export const PROMPTS_DIR = path.resolve(import.meta.dirname, '../../prompts');

const VARIABLE = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Names of the `{variables}` a template uses, in order of first use. */
export function promptVariables(template: string): string[] {
  return [...new Set([...template.matchAll(VARIABLE)].map((m) => m[1]))];
}

/**
 * Fill a template's named `{variables}`. Throws PromptError naming every
 * variable the template uses but `vars` lacks, so a renamed placeholder can
 * never send a prompt with a literal `{question}` in it.
 */
export function renderPrompt(template: string, vars: Record<string, string | number>, name = 'prompt'): string {
  const missing = promptVariables(template).filter((v) => !(v in vars));
  if (missing.length) throw new PromptError(`Prompt "${name}" needs variable(s) ${missing.map((v) => `{${v}}`).join(', ')} that were not given.`);
  return template.replace(VARIABLE, (_, v: string) => String(vars[v]));
}

/** Load `prompts/<name>.txt` and fill its variables; throws PromptError when the file or a variable is missing. */
export function loadPrompt(name: string, vars: Record<string, string | number>, dir: string = PROMPTS_DIR): string {
  let template: string;
  try {
    template = readFileSync(path.join(dir, `${name}.txt`), 'utf8');
  } catch (err) {
    throw new PromptError(`Prompt template ${name}.txt was not found in ${dir}.`, { cause: err });
  }
  return renderPrompt(template, vars, name);
}

/** A loaded prompt template: its text, the variables it needs, and a renderer that refuses missing ones. */
export interface PromptTemplate {
  readonly name: string;
  readonly text: string;
  readonly variables: string[];
  /** Fill the template; throws PromptError on a missing variable. */
  render(vars: Record<string, string | number>): string;
}

const templates = new Map<string, PromptTemplate>();

/**
 * Load `prompts/<name>.txt` once and keep it (prompts are read on every
 * answer). Throws PromptError when the file is missing.
 */
export function promptTemplate(name: string, dir: string = PROMPTS_DIR): PromptTemplate {
  const file = path.join(dir, `${name}.txt`);
  let template = templates.get(file);
  if (!template) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new PromptError(`Prompt template ${name}.txt was not found in ${dir}.`, { cause: err });
    }
    template = { name, text, variables: promptVariables(text), render: (vars) => renderPrompt(text, vars, name) };
    templates.set(file, template);
  }
  return template;
}
