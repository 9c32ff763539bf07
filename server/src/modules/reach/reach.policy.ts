import type { Actor } from '../../common/actor';
import { type Verdict, verdictOf } from '../../common/policy';

/** The per-group and per-page readership (and its CSV) is for admins; the site-wide figures are public. */
export function reachVerdict(actor: Actor | null, _action: 'view_reach_details'): Verdict {
  return verdictOf(actor, actor?.isAdmin === true);
}
