/** The bot's wiring: one server with every surface, the notifiers, health and a graceful stop. */
export { startBot, type Bot, type BotOptions } from './start-bot.js';
export { listenHost, isLoopback } from './listen-host.js';
export { untilSignal } from './until-signal.js';
