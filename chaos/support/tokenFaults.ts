/** The sandbox token-fault control (shared with the regression tests). The chaos run has its own sandbox, so faults need no clientId scope here. */
export { clearTokenFault, setTokenFault, TOKEN_FAULT_KINDS, WRONG_TOKEN_AUDIENCE } from '../../test/regressions/support/sandboxTokenFaults';
export type { TokenFaultKind, TokenFaultSpec } from '../../test/regressions/support/sandboxTokenFaults';
