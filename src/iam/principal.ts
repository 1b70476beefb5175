// Who is asking: the principal kinds kumo authenticates (root, IAM user, assumed-role session, service, anonymous)
// and how a policy's Principal element names them (IAM JSON reference, "AWS JSON policy elements: Principal").
import type { PrincipalBlock } from './policy-document.js';

export type PrincipalType = 'root' | 'user' | 'assumed-role' | 'federated-user' | 'service' | 'anonymous';

export interface Principal {
  type: PrincipalType;
  /** The ARN AWS names in AccessDenied messages: …:root, …:user/path/name, arn:aws:sts::…:assumed-role/role/session. */
  arn: string;
  account: string;
  /** The unique id (AIDA…, AROA…:session, the account id for root): aws:userid. */
  userId?: string;
  /** For an assumed role: the role's ARN (path included), which resource policies and trust policies may name. */
  roleArn?: string;
  /** For a service principal: its name, e.g. lambda.amazonaws.com. */
  service?: string;
  /** For web identity / SAML: the provider the session came from. */
  federatedProvider?: string;
  /** For a federated user (GetFederationToken): the IAM user whose permissions the session is cut from; absent
   *  when the account's root called it. */
  federatedFrom?: string;
  /** For temporary credentials: the session's access key, under which its session policies are kept. */
  sessionKey?: string;
}

/** How a Principal element named the caller: exactly (user or session ARN, or `*`), by its role, or by its account. */
export type PrincipalMatch = 'exact' | 'role' | 'account' | 'any';

function accountOf(value: string): string | undefined {
  if (/^\d{12}$/.test(value)) return value;
  const m = /^arn:[\w-]+:iam::(\d{12}):root$/.exec(value);
  return m?.[1];
}

/** The strongest way block names principal, or undefined when it does not. */
export function matchPrincipal(block: PrincipalBlock, principal: Principal): PrincipalMatch | undefined {
  if (block.any) return 'any';
  let best: PrincipalMatch | undefined;
  for (const value of block.aws) {
    if (value === '*') return 'any';
    if (principal.type === 'anonymous' || principal.type === 'service') continue;
    if (value === principal.arn) return 'exact';
    if (principal.roleArn !== undefined && value === principal.roleArn) best = 'role';
    else if (best === undefined && accountOf(value) === principal.account) best = 'account';
  }
  if (best) return best;
  if (principal.type === 'service' && principal.service && block.service.includes(principal.service)) return 'exact';
  if (principal.federatedProvider && block.federated.includes(principal.federatedProvider)) return 'exact';
  return undefined;
}
