import { Injectable } from '@nestjs/common';
import type { UserRef } from '@knowledge-hub/shared';
import { UsersRepository } from '../users/users.repository';

/** Resolves user ids to `{userId, name}` in one query per call. */
@Injectable()
export class UserRefs {
  constructor(private readonly users: UsersRepository) {}

  async resolve(ids: Iterable<string | null | undefined>): Promise<(id: string) => UserRef> {
    const unique = Array.from(new Set(Array.from(ids).filter((x): x is string => !!x)));
    const names = await this.users.findNamesByIds(unique);
    return (id: string) => ({ userId: id, name: names.get(id) ?? 'Unknown user' });
  }
}
