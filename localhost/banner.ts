/** The first lines `npm start` prints when it runs the built-in local host instead of `func start`. */
export const bannerLines: readonly string[] = [
  'OC Numbers: built-in local host (Azure Functions Core Tools were not found)',
  '  It runs the app the way `func start` would, with these differences:',
  '  - HTTP, timer and queue triggers only, from the registrations, host.json and local.settings.json;',
  '    no other bindings, no extension bundle, no admin API, no Application Insights;',
  '  - function keys are enforced with one local key (printed below); `func start` does not check keys locally;',
  '  - listens on 127.0.0.1 only; timer schedule status is kept in .local/local-host/, not in storage;',
  '  - one Node process: no worker restarts; functionTimeout is logged, not enforced; no preInvocation/postInvocation hooks.',
  '  For the real host install Core Tools 4, then run npm start again:',
  '    npm install --global azure-functions-core-tools@4   (or winget / brew / apt: see',
  '    https://learn.microsoft.com/azure/azure-functions/functions-run-local)',
];
