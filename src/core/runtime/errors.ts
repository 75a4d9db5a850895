// The two kinds of error: UserError (shown privately to the caller, naming the field and the fix) and everything else.

export interface FieldIssue {
  /** snake_case field name, the same on every adapter. */
  field: string;
  /** Human label, e.g. "SIP address". */
  label: string;
  /** The rule that was broken and how to fix it. */
  message: string;
}

export class UserError extends Error {
  readonly issues: FieldIssue[];
  constructor(message: string, issues: FieldIssue[] = []) {
    super(message);
    this.name = 'UserError';
    this.issues = issues;
  }
}

/** One or more fields are invalid; nothing was written. */
export class ValidationError extends UserError {
  constructor(issues: FieldIssue[]) {
    super(formatIssues(issues), issues);
    this.name = 'ValidationError';
  }
}

export class NotFoundError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

export class ForbiddenError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'ForbiddenError';
  }
}

/** Someone else changed the record, or it clashes with another one. */
export class ConflictError extends UserError {
  constructor(message: string, issues: FieldIssue[] = []) {
    super(message, issues);
    this.name = 'ConflictError';
  }
}

export function fieldError(field: string, label: string, message: string): ValidationError {
  return new ValidationError([{ field, label, message }]);
}

export function formatIssues(issues: FieldIssue[]): string {
  if (issues.length === 1) return `${issues[0]!.label}: ${issues[0]!.message}.`;
  const fields = new Set(issues.map((i) => i.field)).size;
  return `${fields === 1 ? `${issues.length} problems` : `${fields} fields need fixing`}:\n${issues.map((i) => `• ${i.label}: ${i.message}`).join('\n')}`;
}
