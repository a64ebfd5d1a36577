import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import type { Circus } from '@jest/types';
import { TestEnvironment } from 'jest-environment-node';

/**
 * The node environment plus a counter of unhandled promise rejections and uncaught exceptions in
 * this process. A listener on the `process` a test sees would never fire: jest gives tests a copy,
 * and jest-circus takes over the real process's handlers at 'setup'. So the environment, which
 * holds the real process, listens from then on and hands tests the count (`chaosUnhandled()`).
 */
export default class ChaosEnvironment extends TestEnvironment {
  private unhandled = 0;
  private readonly samples: string[] = [];
  private readonly onUnhandled = (reason: unknown): void => {
    this.unhandled += 1;
    if (this.samples.length < 5) this.samples.push(reason instanceof Error ? `${reason.name}: ${reason.message.split('\n')[0] ?? ''}` : String(reason));
  };

  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    (this.global as unknown as Record<string, unknown>)['chaosUnhandled'] = () => ({ count: this.unhandled, samples: [...this.samples] });
  }

  async handleTestEvent(event: Circus.Event): Promise<void> {
    if (event.name === 'setup') {
      process.on('unhandledRejection', this.onUnhandled);
      process.on('uncaughtException', this.onUnhandled);
    } else if (event.name === 'teardown') {
      process.off('unhandledRejection', this.onUnhandled);
      process.off('uncaughtException', this.onUnhandled);
    }
  }
}
