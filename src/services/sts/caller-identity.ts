// The identity STS reports for a caller. For an account's root credentials AWS answers the account id as the
// UserId and arn:aws:iam::<account>:root as the Arn (STS GetCallerIdentity docs, "root user" example).

export interface CallerIdentity {
  UserId: string;
  Account: string;
  Arn: string;
}

export function callerIdentity(account: string): CallerIdentity {
  return { UserId: account, Account: account, Arn: `arn:aws:iam::${account}:root` };
}
