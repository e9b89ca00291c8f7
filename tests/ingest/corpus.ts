import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Paths of the bundled report, shared by the ingest tests. */
export const REPORT_MD = fileURLToPath(new URL('../../ingest/corpus/china-security-management-central-asia.md', import.meta.url));
export const REPORT_PDF = fileURLToPath(new URL('../../ingest/corpus/china-security-management-central-asia.pdf', import.meta.url));
export const reportText = (): string => readFileSync(REPORT_MD, 'utf8');
