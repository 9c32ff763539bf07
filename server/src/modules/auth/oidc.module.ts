import { Module } from '@nestjs/common';
import { InvitationsModule } from '../invitations/invitations.module';
import { UsersModule } from '../users/users.module';
import { AuthModule } from './auth.module';
import { OidcController } from './oidc.controller';
import { OidcFlowsRepository } from './oidc-flows.repository';
import { OidcIdentitiesRepository } from './oidc-identities.repository';
import { OidcService } from './oidc.service';

/** OpenID Connect sign-in: apart from AuthModule because it accepts invitations, and InvitationsModule needs AuthModule. */
@Module({
  imports: [AuthModule, UsersModule, InvitationsModule],
  controllers: [OidcController],
  providers: [OidcService, OidcFlowsRepository, OidcIdentitiesRepository],
})
export class OidcModule {}
