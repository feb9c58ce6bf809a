// Server commands that record every request the test page makes, through the driver's request events —
// Playwright's (Chromium) or Puppeteer's over WebDriver BiDi (Firefox) — so WASM, workers, beacons and preloads
// are seen too, not only what the page's own code fetches. Classic WebDriver (WebKit) has no network events:
// 'request-log-start' answers false there.
//   await executeServerCommand('request-log-start'); ...; const urls = await executeServerCommand('request-log-stop');
const logs = new Map();

export function requestLogPlugin() {
  return {
    name: 'request-log',
    executeCommand({ command, session }) {
      if (command !== 'request-log-start' && command !== 'request-log-stop') return undefined;
      const page = session.browser.getPage?.(session.id);
      if (!page) return command === 'request-log-start' ? false : [];
      if (command === 'request-log-start') {
        const urls = [];
        const listener = (request) => urls.push(request.url());
        page.on('request', listener);
        logs.set(session.id, { urls, listener });
        return true;
      }
      const log = logs.get(session.id);
      if (!log) return [];
      page.off('request', log.listener);
      logs.delete(session.id);
      return log.urls;
    },
  };
}
