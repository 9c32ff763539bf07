import { Module } from '@nestjs/common';
import { AccessEvents } from './access-events';
import { UsersRepository } from './users.repository';

@Module({ providers: [UsersRepository, AccessEvents], exports: [UsersRepository, AccessEvents] })
export class UsersModule {}
