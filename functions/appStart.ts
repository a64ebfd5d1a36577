import { app } from '@azure/functions';
import { reportSettingsAtStartup } from '../shared/config/reportSettingsAtStartup';
import { enableHttpStreaming } from '../shared/http/httpStreaming';

// Streamed CSV/NDJSON answers (listOperatorNumbers, getTenantNumbers): see shared/http/httpStreaming.ts.
enableHttpStreaming();

// A bad setting is named in the log when the app starts, not first discovered by a caller.
app.hook.appStart(reportSettingsAtStartup);
