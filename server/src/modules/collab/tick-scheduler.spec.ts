import { TickScheduler } from './tick-scheduler';

describe('TickScheduler', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function scheduler(stretch: number) {
    const load = { stretch };
    const ticks: number[] = [];
    const start = Date.now();
    const s = new TickScheduler({ tickMs: 8, awarenessTickMs: 40, load }, () => ticks.push(Date.now() - start));
    return { s, ticks, load };
  }

  it('sends updates after tickMs, and awareness alone after awarenessTickMs, while the process is not busy', () => {
    const { s, ticks } = scheduler(1);
    s.updatesPending();
    s.awarenessPending();
    jest.advanceTimersByTime(8);
    expect(ticks).toEqual([8]); // one tick sends both
    s.awarenessPending();
    jest.advanceTimersByTime(39);
    expect(ticks).toEqual([8]);
    jest.advanceTimersByTime(1);
    expect(ticks).toEqual([8, 48]);
  });

  it('stretches the awareness tick with the update tick when the process is busy, so cursor moves do not cut the stretch short', () => {
    const { s, ticks } = scheduler(10); // updates wait 80 ms
    s.updatesPending();
    s.awarenessPending();
    jest.advanceTimersByTime(40);
    expect(ticks).toEqual([]); // the awareness tick did not fire at 40 ms
    jest.advanceTimersByTime(40);
    expect(ticks).toEqual([80]);
  });

  it('never waits longer than MAX_TICK_DELAY_MS, however busy', () => {
    const { s, ticks } = scheduler(1_000);
    s.awarenessPending();
    jest.advanceTimersByTime(100);
    expect(ticks).toEqual([100]);
  });
});
