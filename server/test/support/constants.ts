/** Password of every demo account in tests and benchmarks. */
export const TEST_PASSWORD = 'correct-horse-battery';
