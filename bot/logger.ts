export type Level = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type Logger = Record<Exclude<Level, 'silent'>, (message: string, fields?: Record<string, unknown>) => void>;

const ORDER: Level[] = ['debug', 'info', 'warn', 'error', 'silent'];

/** One JSON line per event. Callers pass ids and outcomes, never message text, so nothing a merchant typed lands here. */
export function createLogger(level: Level, write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Logger {
  const at = ORDER.indexOf(level);
  const log =
    (l: Exclude<Level, 'silent'>) =>
    (message: string, fields: Record<string, unknown> = {}) => {
      if (ORDER.indexOf(l) >= at) write(JSON.stringify({ time: new Date().toISOString(), level: l, message, ...fields }));
    };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}
