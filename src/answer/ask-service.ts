/** The ask service moved to src/ask/ (it routes between the table engine and the text answerer); kept for existing imports. */
export * from '../ask/ask-service.js';
