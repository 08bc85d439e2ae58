/** Which side of a call a schema describes: what callers send, or what they receive. */
export type Direction = 'input' | 'output';

/** One difference between two versions of a contract, as a caller meets it. */
export interface ContractChange {
  /** The procedure's dotted path (`tasks.create`), or `(contract)` for the catalogues. */
  procedure: string;
  /** Where in the procedure: `input.title`, `output.items[].status`, `rest`, `scopes`... */
  at: string;
  /** The rule that matched, stable for machines: `input-field-required`, `scope-added`... */
  rule: string;
  /** Whether a caller written against the old version can fail against the new one. */
  breaking: boolean;
  /** Why, in words, for the person reading the table or the gate's message. */
  reason: string;
}

export type ReportChange = (change: Omit<ContractChange, 'procedure'>) => void;
