import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { GroupsModule } from '../groups/groups.module';
import { UsersModule } from '../users/users.module';
import { AccountController } from './account.controller';
import { AccountService } from './account.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { LoginThrottle } from './login-throttle';
import { PasswordResetsRepository } from './password-resets.repository';
import { PersonalTokensRepository } from './personal-tokens.repository';
import { SessionGuard } from './session.guard';
import { SessionsRepository } from './sessions.repository';

@Module({
  imports: [UsersModule, GroupsModule],
  controllers: [AuthController, AccountController],
  providers: [
    AuthService,
    AccountService,
    LoginThrottle,
    SessionsRepository,
    PersonalTokensRepository,
    PasswordResetsRepository,
    { provide: APP_GUARD, useClass: SessionGuard },
  ],
  exports: [AuthService, AccountService, SessionsRepository],
})
export class AuthModule {}
