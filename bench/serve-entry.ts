/** `finops-bot` from the TypeScript sources (the load benchmark serves the bot with it, no build needed). */
import { main } from '../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
