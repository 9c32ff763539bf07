import { Module } from '@nestjs/common';
import { AccessEvents } from './access-events';
import { PeopleAuditRepository } from './people-audit.repository';
import { UsersRepository } from './users.repository';

@Module({ providers: [UsersRepository, AccessEvents, PeopleAuditRepository], exports: [UsersRepository, AccessEvents, PeopleAuditRepository] })
export class UsersModule {}
