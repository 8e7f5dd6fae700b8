import { parseConfig } from '@panda2zoho/config';
import { runService } from '@panda2zoho/kafka';
import { createApp, SERVICE } from './app.ts';
import { deduperConfigSchema } from './config.ts';

const config = parseConfig(deduperConfigSchema);
await runService(SERVICE, config, (ctx) => createApp(ctx, config));
