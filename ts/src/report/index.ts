// The report side: the report.json model, its charts, the HTML page, the terminal summary, the writer.
export * from './model.js';
export * from './references.js';
export * from './charts.js';
export * from './findings.js';
export * from './html.js';
export * from './terminal.js';
export * from './writer.js';
