/** A function key value the suite sends on every call, so the secrets scan can prove it is never echoed. */
export const testFunctionKey = 'test-function-key-6b1d0c5e9a';
