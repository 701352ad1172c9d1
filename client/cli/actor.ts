/** Who a CLI action is attributed to when `--requested-by` is not given: `cli:<os user>`. */
import { userInfo } from 'node:os';

export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}
