import { app } from '@azure/functions';
import { reportSettingsAtStartup } from '../shared/config/reportSettingsAtStartup';

// A bad setting is named in the log when the app starts, not first discovered by a caller.
app.hook.appStart(reportSettingsAtStartup);
