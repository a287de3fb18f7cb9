/** The subset of pino's interface the embedded server logs through. */
export interface EmbeddedLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const noop = (): void => undefined;

export const silentLogger: EmbeddedLogger = { info: noop, warn: noop, error: noop };

function line(level: string, obj: object, msg?: string): string {
  const fields = Object.keys(obj).length > 0 ? ` ${JSON.stringify(obj, errorReplacer)}` : '';
  return `${new Date().toISOString()} ${level} ${msg ?? ''}${fields}`;
}

function errorReplacer(_key: string, value: unknown): unknown {
  return value instanceof Error ? { name: value.name, message: value.message } : value;
}

/** Human-readable logger for the CLI: one line per event on stderr. */
export const consoleLogger: EmbeddedLogger = {
  info: (obj, msg) => console.error(line('INFO ', obj, msg)),
  warn: (obj, msg) => console.error(line('WARN ', obj, msg)),
  error: (obj, msg) => console.error(line('ERROR', obj, msg)),
};
