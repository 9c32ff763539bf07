import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { afterPageShown, isPageShown, markPageShown, PAGE_SHOWN_FALLBACK_MS, resetPageShownForTests, whenPageIdle } from './page-shown';

beforeEach(() => {
  vi.useFakeTimers();
  resetPageShownForTests();
});
afterEach(() => vi.useRealTimers());

describe('page shown', () => {
  it('runs what waits once the page has shown its content, not before', () => {
    const run = vi.fn();
    afterPageShown(run);
    vi.advanceTimersByTime(PAGE_SHOWN_FALLBACK_MS - 1);
    expect(run).not.toHaveBeenCalled();
    markPageShown();
    expect(run).toHaveBeenCalledTimes(1);
    markPageShown(); // a later page's heading changes nothing
    vi.advanceTimersByTime(PAGE_SHOWN_FALLBACK_MS);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('runs at once when the page has shown already (a later navigation, a later sign-in)', () => {
    markPageShown();
    const run = vi.fn();
    afterPageShown(run);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('gives up waiting after the fallback delay: a page without a heading does not keep live updates off', () => {
    const run = vi.fn();
    afterPageShown(run);
    vi.advanceTimersByTime(PAGE_SHOWN_FALLBACK_MS);
    expect(run).toHaveBeenCalledTimes(1);
    expect(isPageShown()).toBe(true);
  });

  it('a cancelled wait never runs (the provider unmounted: signed out)', () => {
    const run = vi.fn();
    const cancel = afterPageShown(run);
    cancel();
    markPageShown();
    expect(run).not.toHaveBeenCalled();
  });

  it('whenPageIdle runs after the page has shown, in the next idle moment, and can be cancelled meanwhile', () => {
    const run = vi.fn();
    const cancelled = vi.fn();
    whenPageIdle(run);
    const cancel = whenPageIdle(cancelled);
    markPageShown();
    cancel();
    expect(run).not.toHaveBeenCalled(); // not in the task that marked the page shown
    vi.advanceTimersByTime(1_000);
    expect(run).toHaveBeenCalledTimes(1);
    expect(cancelled).not.toHaveBeenCalled();
  });
});
